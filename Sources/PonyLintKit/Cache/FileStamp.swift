#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says of a file: its modification time (nanoseconds), size, inode and device. While the stamp is
/// unchanged the file's content is taken to be unchanged, as git's index and ruff's cache take it, so a warm
/// run reads no unchanged file; when it changes, the content is read and compared by its hash.
struct FileStamp: Equatable, Sendable {
    let modified: Int64
    let size: Int64
    let inode: UInt64
    let device: UInt64

    init(modified: Int64, size: Int64, inode: UInt64, device: UInt64) {
        self.modified = modified
        self.size = size
        self.inode = inode
        self.device = device
    }

    /// The stamp of the file at `path`, or nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The stamp of the file `name` in the open directory `directory`, or nil when it cannot be read.
    init?(directory: Int32, name: String) {
        var info = stat()
        guard fstatat(directory, name, &info, 0) == 0 else { return nil }
        self.init(info)
    }

    private init(_ info: stat) {
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        modified = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
        size = Int64(info.st_size)
        inode = UInt64(info.st_ino)
        device = UInt64(info.st_dev)
    }

    /// Whether the file was last changed long enough before `now` (nanoseconds since 1970) that a later change
    /// cannot share the stamp. A file changed in the same tick as the run that recorded it might change again
    /// without its time moving (git calls such entries "racily clean"), so its stamp is not trusted.
    func isSettled(at now: Int64) -> Bool {
        modified < now - 2_000_000_000
    }

    /// Now, in nanoseconds since 1970, on the clock file times use.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
