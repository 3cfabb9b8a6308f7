import TestSupport
import Testing

@testable import Domain

/// Every (status, event) pair of the status machine, legal and illegal.
@Suite struct CandidateLifecycleTests {
    static let table: [(CandidateStatus, CandidateEvent, CandidateStatus?, FailureCode?)] = [
        (.noPhoto, .photoAccepted, .pendingVerification, nil),
        (.noPhoto, .verified(passed: true), nil, .candidateUnverified),
        (.noPhoto, .verified(passed: false), nil, .candidateUnverified),
        (.noPhoto, .confirmed, nil, .candidateUnverified),
        (.pendingVerification, .photoAccepted, .pendingVerification, nil),
        (.pendingVerification, .verified(passed: true), .verified, nil),
        (.pendingVerification, .verified(passed: false), .needsManualCheck, nil),
        (.pendingVerification, .confirmed, nil, .candidateUnverified),
        (.needsManualCheck, .photoAccepted, .pendingVerification, nil),
        (.needsManualCheck, .verified(passed: true), nil, .candidateUnverified),
        (.needsManualCheck, .verified(passed: false), nil, .candidateUnverified),
        (.needsManualCheck, .confirmed, .verified, nil),
        (.verified, .photoAccepted, nil, .candidateLocked),
        (.verified, .verified(passed: true), nil, .candidateLocked),
        (.verified, .verified(passed: false), nil, .candidateLocked),
        (.verified, .confirmed, nil, .candidateLocked),
    ]

    @Test(arguments: 0..<table.count)
    func transition(index: Int) {
        let (from, event, to, code) = Self.table[index]
        switch CandidateLifecycle.next(after: from, on: event) {
        case .success(let status):
            #expect(status == to, "\(from) + \(event)")
            #expect(code == nil)
        case .failure(let refusal):
            #expect(to == nil, "\(from) + \(event) refused: \(refusal.reason)")
            #expect(refusal.code == code)
            #expect(!refusal.reason.isEmpty)
        }
    }

    @Test func tableCoversEveryPair() {
        let events: [CandidateEvent] = [.photoAccepted, .verified(passed: true), .verified(passed: false), .confirmed]
        for status in CandidateStatus.allCases {
            for event in events {
                #expect(Self.table.contains { $0.0 == status && $0.1 == event }, "\(status) \(event)")
            }
        }
    }
}
