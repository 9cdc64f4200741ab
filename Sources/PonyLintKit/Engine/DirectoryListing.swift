#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open directory and its entries, each with what it is from `readdir` alone where the file system says
/// (`d_type`), so walking a tree of 15,000 files does not `stat` each one; `stat` only where it does not, and
/// for links.
///
/// The directory stays open while the listing lives, and its subdirectories are opened relative to it
/// (`openat`), as its Swift files are stamped (`fstatat`): walking a deep tree never has the kernel resolve a
/// whole path again (that lookup was the largest single cost of a warm cached run).
///
/// ```swift
/// if let sources = DirectoryListing(path: "Sources", stamping: { $0.hasSuffix(".swift") }) {
///     for entry in sources.entries where entry.kind == .directory {
///         let child = DirectoryListing(name: entry.name, in: sources, stamping: { $0.hasSuffix(".swift") })
///     }
/// }
/// ```
final class DirectoryListing: @unchecked Sendable {
    // Unchecked: after `init` the stream is only used for its descriptor, which `openat` may share across threads.

    enum Kind: Equatable {
        /// A regular file, or a link to one.
        case file
        case directory
        case symbolicLinkToDirectory
        /// Anything else: sockets, devices, broken links.
        case other
    }

    struct Entry {
        let name: String
        let kind: Kind
        /// The stamp of a file whose name the listing's `stamping` accepted.
        let stamp: FileStamp?
    }

    /// The entries except `.` and `..`, unsorted.
    let entries: [Entry]
    private let stream: OpaquePointer

    /// The directory at `path`, or nil when it cannot be opened. Files whose name `needsStamp` accepts get
    /// their ``FileStamp``.
    convenience init?(path: String, stamping needsStamp: (String) -> Bool) {
        guard let stream = opendir(path) else { return nil }
        self.init(stream: stream, stamping: needsStamp)
    }

    /// The subdirectory `name` of `parent`, or nil when it cannot be opened.
    convenience init?(name: String, in parent: DirectoryListing, stamping needsStamp: (String) -> Bool) {
        let descriptor = openat(dirfd(parent.stream), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            return nil
        }
        self.init(stream: stream, stamping: needsStamp)
    }

    private init(stream: OpaquePointer, stamping needsStamp: (String) -> Bool) {
        self.stream = stream
        let descriptor = dirfd(stream)
        var entries: [Entry] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            guard name != ".", name != ".." else { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            default: kind = Self.kind(of: name, in: descriptor)
            }
            let stamp = kind == .file && needsStamp(name) ? FileStamp(directory: descriptor, name: name) : nil
            entries.append(Entry(name: name, kind: kind, stamp: stamp))
        }
        self.entries = entries
    }

    deinit {
        closedir(stream)
    }

    /// What `stat` and `lstat` say the entry is (for links and file systems without `d_type`).
    private static func kind(of name: String, in directory: Int32) -> Kind {
        var info = stat()
        guard fstatat(directory, name, &info, 0) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR:
            var link = stat()
            let isLink = fstatat(directory, name, &link, AT_SYMLINK_NOFOLLOW) == 0 && link.st_mode & S_IFMT == S_IFLNK
            return isLink ? .symbolicLinkToDirectory : .directory
        default: return .other
        }
    }
}
