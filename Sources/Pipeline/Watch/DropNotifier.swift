import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Linux inotify on the drop folders, used only as a hint to rescan sooner: its queue can
/// overflow and lose events, so the watcher still rescans everything at start-up and on a timer;
/// an event only cuts the wait short. Without inotify (another system, or the limit of watches
/// reached) the timer alone drives the rescans.
final class DropNotifier {
    private let descriptor: Int32
    private var watched = Set<String>()

    init() {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Watches `directory` for files arriving (created, moved in, closed after writing).
    func watch(_ directory: String) {
        guard descriptor >= 0, !watched.contains(directory) else { return }
        if inotify_add_watch(descriptor, directory, UInt32(IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB)) >= 0 {
            watched.insert(directory)
        }
    }

    /// Waits until something happened in a watched folder or `seconds` passed; drains the events.
    func wait(seconds: Double) {
        guard descriptor >= 0 else {
            Thread.sleep(forTimeInterval: seconds)
            return
        }
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        if poll(&request, 1, Int32(max(0, seconds) * 1000)) > 0 {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while read(descriptor, &buffer, buffer.count) > 0 {}
        }
    }
}
