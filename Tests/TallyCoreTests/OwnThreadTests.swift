import Foundation
import Testing
@testable import TallyCore

/// Work on a thread of its own (OwnThread): started at once, off the caller's thread, and its value handed over
/// when asked, also when the work itself waits for work on Dispatch's pool.
@Suite struct OwnThreadTests {
    @Test func theWorkRunsOffTheCallersThreadAndHandsItsValueOver() {
        let caller = pthread_self()
        let work = OwnThread { () -> (Bool, Int) in
            let elsewhere = pthread_equal(pthread_self(), caller) == 0
            let group = DispatchGroup()
            let sum = Locked(0)
            for value in 1...8 {
                DispatchQueue.global().async(group: group) { sum.withLock { $0 += value } }
            }
            group.wait()
            return (elsewhere, sum.withLock { $0 })
        }
        let (elsewhere, sum) = work.take()
        #expect(elsewhere)
        #expect(sum == 36)
    }

    @Test func aNewThreadRunsItsBody() {
        let ran = DispatchSemaphore(value: 0)
        #expect(NewThread.start { ran.signal() })
        #expect(ran.wait(timeout: .now() + 60) == .success)
    }
}
