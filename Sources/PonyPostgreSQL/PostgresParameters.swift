import CLibPQ
import Foundation
import Pony

/// Statement parameters in libpq's calling convention: values as bytes, with their lengths, formats and types.
///
/// Text, numbers and NULL go in text format with type 0, so the server infers each parameter's type from the
/// statement (`WHERE id = $1` compares with the column's type, be it `bigint` or `uuid`); blobs go in binary
/// format as `bytea`. PostgreSQL text cannot hold U+0000, and libpq's text format would cut the value there, so
/// such text is an error instead of a silently shortened value.
struct PostgresParameters {
    private var bytes: [[UInt8]?] = []
    private var types: [Oid] = []
    private var formats: [Int32] = []

    /// `bytea`'s type OID.
    static let byteaType: Oid = 17

    init(_ arguments: [DatabaseValue], sql: String) throws(PonyError) {
        for (index, argument) in arguments.enumerated() {
            switch argument {
            case .null:
                append(nil, type: 0, format: 0)
            case .integer(let value):
                append(Array("\(value)".utf8) + [0], type: 0, format: 0)
            case .real(let value):
                append(Array(PostgresValueText.double(value).utf8) + [0], type: 0, format: 0)
            case .text(let value):
                guard !value.utf8.contains(0) else {
                    throw PonyError.server(
                        sqlState: "22021", message: "parameter $\(index + 1) is text containing U+0000, which PostgreSQL text cannot store",
                        sql: sql)
                }
                append(Array(value.utf8) + [0], type: 0, format: 0)
            case .blob(let value):
                append(Array(value), type: Self.byteaType, format: 1)
            }
        }
    }

    /// Values already in libpq's form, as a ``PostgresStatement`` binds them; types left to the server
    /// except `bytea` for binary values.
    init(values: [[UInt8]?], formats: [Int32]) {
        bytes = values
        self.formats = formats
        types = formats.map { $0 == 1 ? Self.byteaType : 0 }
    }

    private mutating func append(_ value: [UInt8]?, type: Oid, format: Int32) {
        bytes.append(value)
        types.append(type)
        formats.append(format)
    }

    /// Calls `body` with the count, types, values, lengths and formats arrays libpq's `PQexecParams` takes.
    func withUnsafeParameters<T>(
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T
    ) -> T {
        let lengths = bytes.map { Int32($0?.count ?? 0) }
        // Copy each value into memory that lives until `body` returns.
        let buffers: [UnsafeMutableRawBufferPointer?] = bytes.map { value in
            guard let value else { return nil }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(value.count, 1), alignment: 1)
            buffer.copyBytes(from: value)
            return buffer
        }
        defer { buffers.forEach { $0?.deallocate() } }
        let pointers = buffers.map { $0.map { UnsafePointer($0.baseAddress!.assumingMemoryBound(to: CChar.self)) } }
        return types.withUnsafeBufferPointer { types in
            pointers.withUnsafeBufferPointer { values in
                lengths.withUnsafeBufferPointer { lengths in
                    formats.withUnsafeBufferPointer { formats in
                        body(Int32(types.count), types.baseAddress, values.baseAddress, lengths.baseAddress, formats.baseAddress)
                    }
                }
            }
        }
    }
}
