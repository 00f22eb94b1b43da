import CTallySupport
import Foundation

/// The last build's jobs, as the output cache holds them, with each job's files proven in generated/ ahead of the
/// render. A thread of its own reads them while the project is read, decoded and validated, then proves one job
/// after another, running only when a core would otherwise be idle (SCHED_IDLE on Linux; the background quality
/// of service elsewhere). The render takes each job with its proof when the thread got to it first, and proves it
/// itself when not. A run the cache answers stops the proofs; the jobs file is read all the same (about 12 ms of
/// the other core at 10,000 definitions, while the project is read).
///
/// Why: at 10,000 definitions a one-edit build's cores were a third idle before the render (reading the project,
/// decoding and resolving have serial stretches), and proving the 30,000 files of the taken jobs (open, read,
/// hash) was a third of the render's CPU time. At the lowest priority the proofs take only that idle time, not
/// the decoding's.
///
/// A proof made early is as good as one made at the render: the build holds generated/'s lock throughout and
/// writes nothing before the render ends, and any file changed after its proof is the same race as a file
/// changed after the render read it.
public final class JobProofs: Sendable {
    private let root: String
    private let loaded = DispatchGroup()
    /// Left when the thread has proven every job it could.
    private let provenAhead = DispatchGroup()
    private let state = Locked(State())

    private struct State {
        var slots: [String: Slot] = [:]
        var stopped = false
    }

    private enum Slot {
        case waiting(JobRecord)
        case proving(JobRecord)
        /// nil: a file was not there as recorded.
        case proven(JobRecord, [GeneratedFile]?)
    }

    /// Starts reading the jobs of `cache` (none when generated/ at `root` is not there to take files from) and
    /// proving them.
    init(cache: OutputCache, root: String) {
        self.root = root
        loaded.enter()
        provenAhead.enter()
        let thread = Thread { [self] in
            defer { provenAhead.leave() }
            let jobs = Disk.kind(of: root) != .directory ? [] : cache.storedJobs()
            state.withLock { state in
                guard !state.stopped else { return }
                for job in jobs { state.slots[job.key] = .waiting(job) }
            }
            loaded.leave()
            // Read at the usual priority, since the render waits for the jobs (at the lowest, on a machine whose
            // cores are all busy, a thread that is waited for gets almost no time); proven at the lowest, since
            // the render never waits for a proof.
            _ = tally_run_when_idle()
            for job in jobs {
                guard proveAhead(job.key) else { break }
            }
        }
        thread.qualityOfService = .background
        thread.start()
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
        let files = Self.prove(job, root: root)
        state.withLock { state in
            // Taken by the render meanwhile, which proved it itself: nothing to keep.
            if case .proving = state.slots[key] { state.slots[key] = .proven(job, files) }
        }
        return true
    }

    /// The last build's job with this key, once, with its files as proven in generated/ (nil when one of them is
    /// not there as recorded); nil when no job had this key or it was taken before.
    func take(_ key: String) -> (job: JobRecord, files: [GeneratedFile]?)? {
        loaded.wait()
        guard let slot = state.withLock({ $0.slots.removeValue(forKey: key) }) else { return nil }
        switch slot {
        case .proven(let job, let files): return (job, files)
        // Being proven ahead still: proven here too rather than waited for, since that thread may not run again
        // until a core is idle.
        case .waiting(let job), .proving(let job): return (job, Self.prove(job, root: root))
        }
    }

    /// Waits until the thread has proven every job the render had not taken, or stopped: for tests.
    func waitForProofsAhead() { provenAhead.wait() }

    /// Ends the proofs ahead (the render is over) and lets go of every job not taken.
    func stop() {
        state.withLock { state in
            state.stopped = true
            state.slots = [:]
        }
    }

    /// The job's files, each read back and found to be what the job recorded; nil at the first that is not.
    private static func prove(_ job: JobRecord, root: String) -> [GeneratedFile]? {
        guard OutputRecord.allHeld(job.files, under: root) else { return nil }
        // One append per file, not two.
        let folder = root + "/"
        return job.files.map { GeneratedFile(proven: $0, at: folder + $0.path) }
    }
}
