import CCrypt
import Domain
import Foundation

/// A teacher's initial password and its hash. The plain text lives only in memory until it is
/// written to the SMS outbox; the store keeps the hash alone.
public struct InitialPassword: Sendable {
    public let plain: String
    public let hash: String
}

/// Initial passwords: generated from the system CSPRNG and hashed with crypt(3) yescrypt
/// (libxcrypt, `$y$`, the library's default cost, a fresh random salt per password). The only
/// file that calls libcrypt.
public enum Passwords {
    /// No look-alikes (0/O, 1/l/I): the password is typed from an SMS.
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
    /// 12 characters of 56: about 70 bits.
    static let length = 12

    /// A password with at least one upper-case letter, one lower-case letter and one digit,
    /// each character drawn uniformly (no modulo bias) from `alphabet`.
    public static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        while true {
            let characters = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            if characters.contains(where: \.isUppercase), characters.contains(where: \.isLowercase),
                characters.contains(where: \.isNumber)
            {
                return String(characters)
            }
        }
    }

    /// A new password from `SystemRandomNumberGenerator` (getrandom(2) on Linux) and its hash.
    public static func issue() throws -> InitialPassword {
        var generator = SystemRandomNumberGenerator()
        let plain = generate(using: &generator)
        return InitialPassword(plain: plain, hash: try hash(plain))
    }

    /// The yescrypt hash of `password` under a new salt from the CSPRNG. The corresponding C
    /// functions are `crypt_gensalt_rn` and `crypt_rn`.
    public static func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let randomBytes = (0..<32).map { _ in CChar(bitPattern: UInt8.random(in: 0...255, using: &generator)) }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let made = crypt_gensalt_rn("$y$", 0, randomBytes, Int32(randomBytes.count), &setting, Int32(setting.count))
        guard made != nil, setting.first != 42 else {  // "*…" is libxcrypt's failure token
            throw KaowuError(.passwordHash, "无法生成密码散列（crypt_gensalt 失败）")
        }
        let settingText = String(decoding: setting.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let hashed = compute(password, setting: settingText), hashed.hasPrefix("$y$") else {
            throw KaowuError(.passwordHash, "无法生成密码散列（crypt 失败）")
        }
        return hashed
    }

    /// Whether `password` hashes to `stored` (comparing every byte, whatever the first difference).
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard stored.hasPrefix("$"), let hashed = compute(password, setting: stored) else { return false }
        let left = Array(hashed.utf8)
        let right = Array(stored.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// crypt_rn with its scratch area on the heap, zeroed afterwards (it holds a copy of the
    /// password); nil when libxcrypt refuses the setting.
    private static func compute(_ password: String, setting: String) -> String? {
        let size = MemoryLayout<crypt_data>.size
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        scratch.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            scratch.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            scratch.deallocate()
        }
        guard let output = crypt_rn(password, setting, scratch, Int32(size)) else { return nil }
        let text = String(cString: output)
        return text.hasPrefix("*") ? nil : text
    }
}
