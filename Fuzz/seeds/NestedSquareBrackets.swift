import Foundation

// A regression seed from scripts/fuzz: 88 unclosed square brackets once hung swift-syntax's parser; pony-lint now
// skips such a file with a per-file error.
func f() async throws {
[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    try db.session { }
}
