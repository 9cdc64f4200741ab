/// `import Pony` is all a program needs: queries are written with Foundation's `#Predicate` macro, and
/// attributes use Foundation's `Date`, `Data` and `UUID`, so Pony re-exports Foundation. Without this a
/// program that imports only Pony fails at its first query with "no macro named 'Predicate'".
@_exported import Foundation
