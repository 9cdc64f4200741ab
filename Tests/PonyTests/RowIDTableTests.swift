@testable import Pony
import Testing

/// The identity map's table of objects by row ID: it must behave exactly like `[Int64: AnyObject]`.
@Suite("Row ID table")
struct RowIDTableTests {
    final class Box {
        let value: Int64
        init(_ value: Int64) { self.value = value }
    }

    @Test func anEmptyTableFindsNothing() {
        let table = RowIDTable()
        #expect(table[1] == nil)
        #expect(table.count == 0)
    }

    @Test func storedObjectsAreFoundByTheirRowID() {
        let table = RowIDTable()
        let boxes = (1...1_000).map { Box(Int64($0)) }
        for box in boxes { table[box.value] = box }
        #expect(table.count == 1_000)
        for box in boxes { #expect(table[box.value] === box) }
        #expect(table[1_001] == nil)
    }

    @Test func zeroNegativeAndExtremeRowIDsAreOrdinaryKeys() {
        let table = RowIDTable()
        let keys: [Int64] = [0, -1, .min, .max, 1 << 40]
        for key in keys { table[key] = Box(key) }
        for key in keys { #expect((table[key] as? Box)?.value == key) }
    }

    @Test func storingAgainUnderARowIDReplacesTheObject() {
        let table = RowIDTable()
        table[7] = Box(1)
        let replacement = Box(2)
        table[7] = replacement
        #expect(table[7] === replacement)
        #expect(table.count == 1)
        #expect(Array(table.values).count == 1)
    }

    @Test func removingKeepsEveryOtherObjectReachable() {
        // Keys that collide in a small table (multiples of the capacity hash near each other) and long runs
        // exercise the backward-shift deletion.
        let table = RowIDTable()
        var reference: [Int64: Box] = [:]
        var generator = SystemRandomNumberGenerator()
        for step in 0..<20_000 {
            let key = Int64.random(in: -500...500, using: &generator) * 16
            if step % 3 == 0 {
                table[key] = nil
                reference[key] = nil
            } else {
                let box = Box(key)
                table[key] = box
                reference[key] = box
            }
        }
        #expect(table.count == reference.count)
        for key in stride(from: Int64(-500 * 16), through: 500 * 16, by: 16) {
            #expect(table[key] === reference[key], "row ID \(key)")
        }
        #expect(Set(table.values.map { ObjectIdentifier($0) }) == Set(reference.values.map { ObjectIdentifier($0) }))
    }

    @Test func consecutiveRowIDsKeepTheDirectLayout() {
        let table = RowIDTable()
        let boxes = (1...100_000).map { Box(Int64($0)) }
        for box in boxes { table[box.value] = box }
        for box in boxes { #expect(table[box.value] === box) }
        #expect(!table.isScrambled)
    }

    @Test func rowIDsThatCollideInTheDirectLayoutScrambleTheTable() {
        // Multiples of 2^32 share their low bits and their folded bits: every one has the same direct slot.
        let table = RowIDTable()
        let boxes = (0..<200).map { Box(Int64($0) << 32) }
        for box in boxes { table[box.value] = box }
        #expect(table.isScrambled)
        #expect(table.count == 200)
        for box in boxes { #expect(table[box.value] === box) }
    }

    @Test func aMissingRowIDWhoseSlotStartsALongRunScramblesTheTable() {
        let table = RowIDTable()
        for key in Int64(1)...1_000 { table[key] = Box(key) }
        #expect(!table.isScrambled)
        // 2,053 folds onto slot 4 of the 2,048 slots, inside the run that 1...1,000 occupy.
        #expect(table[2_053] == nil)
        #expect(table.isScrambled)
        for key in Int64(1)...1_000 { #expect((table[key] as? Box)?.value == key) }
    }

    @Test func removingFromALongRunScramblesTheTableAndKeepsTheRest() {
        let table = RowIDTable()
        for key in Int64(1)...1_000 { table[key] = Box(key) }
        table[500] = nil
        #expect(table.isScrambled)
        #expect(table.count == 999)
        #expect(table[500] == nil)
        for key in Int64(1)...1_000 where key != 500 { #expect((table[key] as? Box)?.value == key) }
    }

    @Test func theTableHoldsItsObjectsStrongly() {
        let table = RowIDTable()
        weak var weakBox: Box?
        do {
            let box = Box(3)
            weakBox = box
            table[3] = box
        }
        #expect(weakBox != nil)
        table[3] = nil
        #expect(weakBox == nil)
    }

    @Test func droppingTheTableReleasesItsObjects() {
        weak var weakBox: Box?
        do {
            let table = RowIDTable()
            for key in Int64(1)...100 { table[key] = Box(key) }
            weakBox = table[50] as? Box
            #expect(weakBox != nil)
        }
        #expect(weakBox == nil)
    }

    @Test func reservingRoomKeepsEveryObjectAndTheReservedInsertsDoNotGrowTheTable() {
        let table = RowIDTable()
        let early = (1...100).map { Box(Int64($0)) }
        for box in early { table[box.value] = box }
        table.reserveCapacity(5_100)
        let reserved = table.capacity
        #expect(reserved * 3 >= 5_100 * 4)
        for box in early { #expect(table[box.value] === box) }
        let late = (101...5_100).map { Box(Int64($0)) }
        for box in late { table[box.value] = box }
        #expect(table.capacity == reserved)
        #expect(table.count == 5_100)
        for box in early + late { #expect(table[box.value] === box) }
        #expect(!table.isScrambled)
    }

    @Test func reservingLessThanTheTableHoldsChangesNothing() {
        let table = RowIDTable()
        for key in Int64(1)...1_000 { table[key] = Box(key) }
        let capacity = table.capacity
        table.reserveCapacity(10)
        #expect(table.capacity == capacity)
        for key in Int64(1)...1_000 { #expect((table[key] as? Box)?.value == key) }
    }

    @Test func insertsIntoTheVacancyOfAMissedLookupAreFoundLikeAnyOther() {
        let table = RowIDTable()
        let boxes = (1...1_000).map { Box(Int64($0 * 3)) }
        for box in boxes {
            let (found, vacancy) = table.lookUp(box.value)
            #expect(found == nil)
            table.insert(box, for: box.value, at: vacancy)
        }
        #expect(table.count == 1_000)
        for box in boxes { #expect(table.lookUp(box.value).object === box) }
        #expect(table[1] == nil)
    }

    @Test func aVacancyTheTableChangedSinceIsNotUsed() {
        let table = RowIDTable()
        table[1] = Box(1)
        let (_, vacancy) = table.lookUp(5)
        table[5] = Box(5)
        let replacement = Box(50)
        table.insert(replacement, for: 5, at: vacancy)
        #expect(table.count == 2)
        #expect(table[5] === replacement)
        table[5] = nil
        #expect(table[5] == nil)
        #expect(table.count == 1)
    }
}
