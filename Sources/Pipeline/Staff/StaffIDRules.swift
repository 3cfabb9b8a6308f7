import Domain
import Validate

extension DataRoot {
    /// Staff are adults at work: the proctors' and teachers' ID numbers are checked for ages 18–70.
    func staffIDRules(clock: Clock) throws -> IDNumberRules {
        try idRules(clock: clock, minimumAge: 18, maximumAge: 70)
    }
}
