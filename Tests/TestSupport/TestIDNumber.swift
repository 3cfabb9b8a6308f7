/// Valid GB 11643 resident ID numbers for fixtures. The check character is computed here,
/// independently of the code under test, so a bug in Validate's own computation cannot make
/// its tests pass.
public enum TestIDNumber {
    public static func checkCharacter(_ first17: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// Region, birth date (yyyyMMdd) and a three-digit sequence, with the check character.
    public static func make(region: String = "110101", birth: String = "20000101", sequence: String = "123") -> String {
        let first17 = region + birth + sequence
        return first17 + String(checkCharacter(first17))
    }
}
