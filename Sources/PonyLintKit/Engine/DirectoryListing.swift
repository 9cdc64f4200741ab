#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A directory's entries and what each is, from `readdir` alone where the file system says (`d_type`), so
/// walking a tree of 15,000 files does not `stat` each one; `stat` only where it does not, and for links.
enum DirectoryListing {
    enum Kind: Equatable {
        /// A regular file, or a link to one.
        case file
        case directory
        case symbolicLinkToDirectory
        /// Anything else: sockets, devices, broken links.
        case other
    }

    /// The entries of `directory` except `.` and `..`, unsorted; empty when it cannot be read. Files whose name
    /// `needsStamp` accepts also get their ``FileStamp``, taken relative to the open directory (`fstatat`), which
    /// spares the kernel a walk of the whole path per file.
    static func entries(of directory: String, stamping needsStamp: (String) -> Bool) -> [(name: String, kind: Kind, stamp: FileStamp?)] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        let descriptor = dirfd(stream)
        var entries: [(name: String, kind: Kind, stamp: FileStamp?)] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            guard name != ".", name != ".." else { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            default: kind = Self.kind(of: directory + "/" + name)
            }
            let stamp = kind == .file && needsStamp(name) ? FileStamp(directory: descriptor, name: name) : nil
            entries.append((name, kind, stamp))
        }
        return entries
    }

    /// What `stat` and `lstat` say the entry is (for links and file systems without `d_type`).
    private static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR:
            var link = stat()
            return lstat(path, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK ? .symbolicLinkToDirectory : .directory
        default: return .other
        }
    }
}
