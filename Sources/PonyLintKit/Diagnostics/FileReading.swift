import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files for the linter, with errors that say why a file could not be read.
enum FileReading {
    static func data(at path: String, what: String = "the file") throws(LintError) -> Data {
        try checkIsFile(path, what: what)
        // FileHandle also reads devices such as /dev/null, which Data(contentsOf:) rejects on Linux.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw cannotRead(path, what)
        }
        try? handle.close()
        return data
    }

    /// A Swift file's text, decoded strictly as UTF-8: a file with invalid bytes is an error, not repaired.
    ///
    /// The bytes are read in one `read` of the size `fstat` gives into one buffer, and copied once, into the string.
    /// Reading through `FileHandle` grew its buffer chunk by chunk (`realloc`), and decoding `Data` copied the text
    /// again: for a linter that keeps every file's text until the end, each copy was fresh memory, written for the
    /// first time (a sixth of its last-level cache write misses on session-dense code, by callgrind's simulation).
    static func text(at path: String) throws(LintError) -> String {
        try checkIsFile(path, what: "the file")
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw cannotRead(path, "the file") }
        defer { close(descriptor) }
        var status = stat()
        let sizeHint = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        // One byte more than the size, so a regular file ends in the first read; devices and growing files go on.
        var capacity = max(sizeHint + 1, 4096)
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer { buffer.deallocate() }
        var count = 0
        while true {
            if count == capacity {
                let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * 2, alignment: 1)
                grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                buffer.deallocate()
                (buffer, capacity) = (grown, capacity * 2)
            }
            let got = read(descriptor, buffer.baseAddress! + count, capacity - count)
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw cannotRead(path, "the file") }
            if got == 0 { break }
            count += got
        }
        guard let text = String(validating: UnsafeRawBufferPointer(rebasing: buffer[..<count]).assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        else { throw notUTF8Text(path) }
        return text
    }

    private static func checkIsFile(_ path: String, what: String) throws(LintError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LintError.input(path: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw LintError.input(path: path, message: "is a directory, not \(what)")
        }
    }

    /// A file whose bytes are not UTF-8, read from disk or handed over as bytes.
    static func notUTF8Text(_ path: String) -> LintError {
        LintError.input(path: path, message: "not UTF-8 text; skipped")
    }

    private static func cannotRead(_ path: String, _ what: String) -> LintError {
        LintError.input(path: path, message: "cannot read \(what) (permission denied or unreadable)")
    }
}
