extension Array where Element == AnyObject {
    /// The same buffer as an array of `E`, when every element is an `E`: an array of class references has the same
    /// layout whatever its element class, which is how the standard library casts one after checking each element
    /// (`as! [E]`, `as? [E]`). Used where the elements were fetched as `E`, so the check per element (a tenth to a
    /// quarter of reading them) is left to debug builds.
    func reinterpreted<E: AnyObject>(as type: E.Type) -> [E] {
        assert(allSatisfy { $0 is E }, "an array of \(E.self) objects holds an object of another class")
        return unsafeBitCast(self, to: [E].self)
    }
}
