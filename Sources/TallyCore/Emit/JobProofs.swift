import Foundation

/// The last build's jobs, as the output cache holds them, with each job's files proven in generated/ ahead of the
/// render. A thread of its own reads them while the project is read, then, once the cache's lookup finds that a
/// render follows (`begin`), proves one job after another while it is decoded and validated. The render takes each job with its proof when the thread got to it first, and proves it itself
/// when not. A run the cache answers stops the proofs before they begin; the jobs file is read all the same
/// (about 12 ms of the other core at 10,000 definitions, while the project is read).
///
/// Why: at 10,000 definitions a one-edit build's cores were a third idle before the render (reading the project,
/// decoding and resolving have serial stretches), and proving the 30,000 files of the taken jobs (open, read,
/// hash) was a third of the render's CPU time.
///
/// At the usual priority. At SCHED_IDLE a prose edit's build was 9% faster on an idle machine, and took up to
/// 5.9 s instead of about 1 s beside two busy loops: a thread preempted while it holds a lock (its own, malloc's,
/// the kernel's) runs again only when a core is idle, and whoever waits for the lock waits as long. At nice 19
/// the same load still gave 1.35 s by median against 1.14 s without proofs ahead; at the usual priority, 0.80 s
/// against 0.95 s.
///
/// A proof made early is as good as one made at the render: the build holds generated/'s lock throughout and
/// writes nothing before the render ends, and any file changed after its proof is the same race as a file
/// changed after the render read it.
public final class JobProofs: Sendable {
    private let root: String
    private let loaded = DispatchGroup()
    /// Signalled once: by `begin` (a render follows) or `stop`.
    private let go = DispatchSemaphore(value: 0)
    /// Left when the thread has proven every job it could.
    private let provenAhead = DispatchGroup()
    private let state = Locked(State())

    private struct State {
        var slots: [String: Slot] = [:]
        /// The assembled files the last render found unchanged, by path, with their stamps.
        var assembled: [String: OutputRecord] = [:]
        /// Whether proofs take new stamps (OutputCache.worthStamping of the jobs file).
        var stamping = true
        var stopped = false
        /// What a block appended to the jobs file read must continue (OutputCache.storedLedger).
        var chain: LedgerChain? = nil
    }

    private enum Slot {
        case waiting(JobRecord)
        case proving(JobRecord)
        /// The job's records as proven (each with its stamp now), nil when a file was not there as recorded.
        /// Records, not the files: the render makes those for the jobs it takes, and a job it renders again (all of
        /// them after a branch switch) would otherwise hold its files here until the render ends, 8.5 MB at 10,000
        /// definitions, at the build's peak of memory.
        case proven(JobRecord, held: [OutputRecord]?)
    }

    /// Starts reading the jobs of `cache` (none when generated/ at `root` is not there to take files from) and
    /// proving them.
    init(cache: OutputCache, root: String) {
        self.root = root
        loaded.enter()
        provenAhead.enter()
        let work: @Sendable (_ ahead: Bool) -> Void = { [self] ahead in
            defer { provenAhead.leave() }
            let stored = Disk.kind(of: root) != .directory ? StoredLedger() : cache.storedLedger()
            let jobs = stored.jobs
            let stamping = OutputCache.worthStamping(cache.jobsFile)
            state.withLock { state in
                state.stamping = stamping
                state.chain = stored.chain
                guard !state.stopped else { return }
                for job in jobs { state.slots[job.key] = .waiting(job) }
                for record in stored.assembled { state.assembled[record.path] = record }
            }
            loaded.leave()
            // Proofs only for a run that renders: in one the cache answers, they took a third of the cores from
            // the cache's own proof of generated/ (a no-op check at 10,000 definitions, 0.27 → 0.31 s).
            guard ahead else { return }
            go.wait()
            for job in jobs {
                guard proveAhead(job.key) else { break }
            }
        }
        // No thread to be had (a process limit): the jobs are read here, and every proof is the render's.
        if !NewThread.start({ work(true) }) { work(false) }
    }

    /// Jobs already read, each proven when the render takes it (for tests).
    init(jobs: [JobRecord], root: String) {
        self.root = root
        state.withLock { state in
            for job in jobs { state.slots[job.key] = .waiting(job) }
        }
    }

    /// Proves the job with this key unless the render took it or the proofs were stopped; false once stopped.
    private func proveAhead(_ key: String) -> Bool {
        let claimed = state.withLock { state -> JobRecord?? in
            guard !state.stopped else { return .none }
            guard case .waiting(let job) = state.slots[key] else { return .some(nil) }
            state.slots[key] = .proving(job)
            return .some(job)
        }
        guard let claimed else { return false }
        guard let job = claimed else { return true }
        let held = OutputRecord.allHeld(job.files, under: root, takingStamps: state.withLock { $0.stamping })
        state.withLock { state in
            // Taken by the render meanwhile, which proved it itself: nothing to keep.
            if case .proving = state.slots[key] { state.slots[key] = .proven(job, held: held) }
        }
        return true
    }

    /// The last build's job with this key, once, with its files as proven in generated/ (nil when one of them is
    /// not there as recorded); nil when no job had this key or it was taken before.
    func take(_ key: String) -> (job: JobRecord, files: [GeneratedFile]?)? {
        loaded.wait()
        guard let slot = state.withLock({ $0.slots.removeValue(forKey: key) }) else { return nil }
        switch slot {
        case .proven(let job, let held): return (job, held.map { Self.files($0, root: root) })
        // Being proven ahead still: proven here too rather than waited for, which would cost as long and need a
        // signal from that thread.
        case .waiting(let job), .proving(let job):
            return (job, Self.prove(job, root: root, stamping: state.withLock { $0.stamping }))
        }
    }

    /// The record of the assembled file at `path` as the last render found it unchanged, stamped when it was
    /// settled; nil when it was not so found (written anew, or no render kept it).
    func lastAssembled(_ path: String) -> OutputRecord? {
        loaded.wait()
        return state.withLock { $0.assembled[path] }
    }

    /// The chain of the jobs file read, for the next ledger to be appended to it; nil when it is to be written whole.
    var chain: LedgerChain? {
        loaded.wait()
        return state.withLock { $0.chain }
    }

    /// Waits until the thread has proven every job the render had not taken, or stopped: for tests.
    func waitForProofsAhead() { provenAhead.wait() }

    /// Lets the proofs ahead begin: a render follows. Called once, and not after `stop`.
    func begin() { go.signal() }

    /// Ends the proofs ahead (the cache answered, or the render is over) and lets go of every job not taken.
    func stop() {
        let first = state.withLock { state -> Bool in
            defer {
                state.stopped = true
                state.slots = [:]
            }
            return !state.stopped
        }
        // Wakes the thread if it still waits to begin; it then sees the proofs stopped.
        if first { go.signal() }
    }

    /// The job's files, each found to be what the job recorded; nil at the first that is not.
    private static func prove(_ job: JobRecord, root: String, stamping: Bool) -> [GeneratedFile]? {
        OutputRecord.allHeld(job.files, under: root, takingStamps: stamping).map { files($0, root: root) }
    }

    /// Files as proven in generated/ at `root`.
    private static func files(_ records: [OutputRecord], root: String) -> [GeneratedFile] {
        records.map { GeneratedFile(proven: $0, under: root) }
    }
}
