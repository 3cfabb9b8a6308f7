import Domain
import Foundation
import Ingest
import Render
import Store
import Validate

/// An initial password being hashed on a worker; `value()` waits for it.
final class PendingPassword: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<InitialPassword, KaowuError>?

    func fulfil(_ result: Result<InitialPassword, KaowuError>) {
        self.result = result
        done.signal()
    }

    func value() throws -> InitialPassword {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("signalled without a result") }
        return try result.get()
    }
}

/// Issues passwords on a concurrent queue, at most one per core at a time: yescrypt costs
/// ~30 ms, so the prepare thread only hands the work out and every core hashes (a 200-row
/// import spent 6.8 s hashing on one thread). The bound keeps memory and threads flat.
final class PasswordMint: @unchecked Sendable {
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "kaowu.passwords", attributes: .concurrent)

    init(width: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)) {
        slots = DispatchSemaphore(value: width)
    }

    /// Waits for a free slot, then starts one password.
    func issue() -> PendingPassword {
        slots.wait()
        let pending = PendingPassword()
        queue.async { [slots] in
            do {
                pending.fulfil(.success(try Passwords.issue()))
            } catch {
                pending.fulfil(.failure(KaowuError.wrap(error, code: .passwordHash, message: "无法生成初始密码")))
            }
            slots.signal()
        }
        return pending
    }
}
