import Foundation
import Testing

@testable import Concurrency

struct Boom: Error, Equatable {}

/// The kit's contracts, each checked without timing: every wait below ends because of what the
/// other thread did, never because time passed.
@Suite struct ChannelTests {
    @Test func deliversEverythingInOrderThenEnds() {
        let channel = Channel<Int>(capacity: 3)
        channel.startProducer {
            for value in 0..<1000 { guard channel.put(value) else { throw CancellationError() } }
        }
        var received: [Int] = []
        while let value = channel.take() { received.append(value) }
        channel.cancel()
        #expect(received == Array(0..<1000))
        #expect(channel.failure == nil)
    }

    @Test func aProducersErrorReachesTheConsumerAfterItsElements() {
        let channel = Channel<Int>(capacity: 2)
        channel.startProducer {
            _ = channel.put(1)
            _ = channel.put(2)
            throw Boom()
        }
        var received: [Int] = []
        while let value = channel.take() { received.append(value) }
        channel.cancel()
        #expect(received == [1, 2])
        #expect(channel.failure as? Boom == Boom())
    }

    /// A consumer that stops early releases a producer blocked on a full channel, and `cancel`
    /// returns only once the producer has closed.
    @Test func aConsumerThatStopsEarlyReleasesTheProducer() throws {
        let channel = Channel<Int>(capacity: 1)
        let sawCancel = Future<Bool>()
        channel.startProducer {
            var value = 0
            while channel.put(value) { value += 1 }
            sawCancel.fulfil(.success(channel.isCancelled))
            throw CancellationError()
        }
        #expect(channel.take() == 0)
        channel.cancel()
        #expect(try sawCancel.value())
        #expect(channel.failure == nil)  // a CancellationError is a normal end
        #expect(!channel.put(99))
    }

    @Test func takeAfterCloseDrainsThenReturnsNil() {
        let channel = Channel<String>(capacity: 4)
        #expect(channel.put("a"))
        channel.close(nil)
        #expect(channel.take() == "a")
        #expect(channel.take() == nil)
        #expect(channel.take() == nil)
    }
}

@Suite struct FutureTests {
    @Test func returnsTheValueToEveryCaller() throws {
        let future = Future { (1...100).reduce(0, +) }
        #expect(try future.value() == 5050)
        #expect(try future.value() == 5050)
        #expect(future.isFulfilled)
    }

    @Test func rethrowsTheWorksError() {
        let future = Future<Int> { throw Boom() }
        #expect(throws: Boom.self) { try future.value() }
        #expect(throws: Boom.self) { try future.value() }
    }

    @Test func aFutureFulfilledByAnotherThread() throws {
        let future = Future<String>()
        #expect(!future.isFulfilled)
        let helper = Future { future.fulfil(.success("done")) }
        try helper.value()
        #expect(try future.value() == "done")
    }
}

@Suite struct WorkerTests {
    @Test func joinWaitsForEveryWorker() {
        let workers = Workers()
        let counter = Counter()
        for _ in 0..<8 { workers.spawn { for _ in 0..<1000 { counter.increment() } } }
        workers.join()
        #expect(counter.value == 8000)
        workers.join()  // nothing running: returns at once
    }

    /// At most `width` pieces of work run at once, whatever the number submitted, and every
    /// result comes back (errors too).
    @Test func aPoolBoundsItsConcurrency() throws {
        let pool = WorkerPool(width: 2)
        let gauge = Gauge()
        let futures = (0..<40).map { index in
            pool.submit {
                gauge.enter()
                defer { gauge.leave() }
                for _ in 0..<2000 { _ = index.description }
                if index == 7 { throw Boom() }
                return index * 2
            }
        }
        for (index, future) in futures.enumerated() {
            if index == 7 {
                #expect(throws: Boom.self) { try future.value() }
            } else {
                #expect(try future.value() == index * 2)
            }
        }
        #expect(gauge.peak <= 2)
        #expect(gauge.peak >= 1)
    }
}

/// Test helpers built on the kit's own monitor.
final class Counter: @unchecked Sendable {  // `count` is guarded by `monitor`
    private let monitor = Monitor()
    private var count = 0
    func increment() { monitor.withLock { count += 1 } }
    var value: Int { monitor.withLock { count } }
}

final class Gauge: @unchecked Sendable {  // both counts are guarded by `monitor`
    private let monitor = Monitor()
    private var running = 0
    private(set) var peak = 0
    func enter() {
        monitor.withLock {
            running += 1
            peak = max(peak, running)
        }
    }
    func leave() { monitor.withLock { running -= 1 } }
}
