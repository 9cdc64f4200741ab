import Foundation
import Pony
import Testing

@Entity final class Bill {
    var customer: String
    var lines: [BillLine]
    init(customer: String) { self.customer = customer }
}

@Entity final class Item {
    var name: String
    @Relationship(deleteRule: .deny) var lines: [BillLine]
    init(name: String) { self.name = name }
}

/// A line of an bill, keyed by its bill and item (PonyORM's `PrimaryKey(bill, item)`).
@Entity final class BillLine {
    @Attribute(.primaryKey) var bill: Bill
    @Attribute(.primaryKey) var item: Item
    var quantity: Int
    init(bill: Bill, item: Item, quantity: Int) {
        self.bill = bill
        self.item = item
        self.quantity = quantity
    }
}

/// A seat keyed by two plain values.
@Entity final class Seat {
    @Attribute(.primaryKey) var row: String
    @Attribute(.primaryKey) var number: Int
    var holder: String?
    init(row: String, number: Int) {
        self.row = row
        self.number = number
    }
}

/// A key of three parts.
@Entity final class Reading {
    @Attribute(.primaryKey) var sensor: String
    @Attribute(.primaryKey) var day: Int
    @Attribute(.primaryKey) var hour: Int
    var celsius: Double
    init(sensor: String, day: Int, hour: Int, celsius: Double) {
        self.sensor = sensor
        self.day = day
        self.hour = hour
        self.celsius = celsius
    }
}

/// Points at an entity with a composite key, which needs a foreign key of two columns.
@Entity final class Refund {
    var line: BillLine
    init(line: BillLine) { self.line = line }
}

/// Composite primary keys (`@Attribute(.primaryKey)` on two or more attributes).
@Suite("Composite primary keys", .serialized, .syncSessionsInTests)
final class CompositeKeyTests {
    let db: Database

    /// Bill 1 (Ann) has tea × 2 and milk × 1; bill 2 (Bob) has tea × 5. Seats A3 and A4, A3 held by Ann.
    init() throws {
        db = try makeDatabase([Bill.self, Item.self, BillLine.self, Seat.self])
        try db.session {
            let ann = Bill(customer: "Ann")
            let bob = Bill(customer: "Bob")
            let tea = Item(name: "tea")
            let milk = Item(name: "milk")
            _ = BillLine(bill: ann, item: tea, quantity: 2)
            _ = BillLine(bill: ann, item: milk, quantity: 1)
            _ = BillLine(bill: bob, item: tea, quantity: 5)
            Seat(row: "A", number: 3).holder = "Ann"
            _ = Seat(row: "A", number: 4)
        }
    }

    deinit {
        try? db.disconnect()
    }

    @Test func theTableHasTheKeyPartsAsItsPrimaryKeyAndNoIDColumn() throws {
        let columns = try db.session {
            try db.select(sql: "SELECT * FROM \"BillLine\" WHERE \"bill\" = 1 AND \"item\" = 1").first?.columns
        }
        #expect(columns == ["bill", "item", "quantity"])
        #expect {
            try self.db.session { _ = try self.db.execute(sql: "INSERT INTO \"Seat\" (\"row\", \"number\") VALUES ('A', 3)") }
        } throws: { error in
            guard case PonyError.constraintViolation = error else { return false }
            return true
        }
    }

    @Test func getByTheCompositeKeyReturnsTheObject() throws {
        let (quantity, missing) = try db.session {
            let line = try BillLine[BillLine.ID(bill: 2, item: 1)]
            return (line.quantity, try BillLine.get(id: BillLine.ID(bill: 2, item: 2)))
        }
        #expect(quantity == 5)
        #expect(missing == nil)
    }

    @Test func theKeyIsBuiltFromTheParts() throws {
        let (id, seatID) = try db.session {
            (try BillLine.select(#Predicate { $0.quantity == 1 }).fetch()[0].id, try Seat[Seat.ID(row: "A", number: 4)].id)
        }
        #expect(id == BillLine.ID(bill: 1, item: 2))
        #expect(seatID.row == "A" && seatID.number == 4)
    }

    @Test func aMissingKeyIsNamedLikePonyORMNamesIt() throws {
        #expect(throws: PonyError.objectNotFound(entity: "Seat", id: "B, 1")) {
            try self.db.session { _ = try Seat[Seat.ID(row: "B", number: 1)] }
        }
    }

    @Test func theIdentityMapHoldsOneObjectPerCompositeKey() throws {
        let same = try db.session {
            let fetched = try BillLine.select(#Predicate { $0.quantity == 2 }).fetch()[0]
            return fetched === (try BillLine[BillLine.ID(bill: 1, item: 1)])
        }
        #expect(same)
    }

    @Test func aNewObjectIsFoundByItsKeyInTheSameSession() throws {
        let same = try db.session {
            let seat = Seat(row: "B", number: 1)
            return seat === (try Seat[Seat.ID(row: "B", number: 1)])
        }
        #expect(same)
    }

    @Test func anUpdateChangesOnlyTheRowWithThatKey() throws {
        try db.session { try BillLine[BillLine.ID(bill: 1, item: 1)].quantity = 7 }
        let quantities = try db.session { try BillLine.select().fetch().map(\.quantity) }
        #expect(quantities == [7, 1, 5])
    }

    @Test func aDeleteRemovesOnlyTheRowWithThatKey() throws {
        try db.session { try Seat[Seat.ID(row: "A", number: 3)].delete() }
        let left = try db.session { try Seat.select().fetch().map(\.id) }
        #expect(left == [Seat.ID(row: "A", number: 4)])
    }

    @Test func queriesAreOrderedByTheKeyParts() throws {
        let keys = try db.session { try BillLine.select().fetch().map { "\($0.id)" } }
        #expect(keys == ["1, 1", "1, 2", "2, 1"])
    }

    @Test func aSecondObjectWithTheSameKeyIsRefusedAtFlush() throws {
        #expect {
            try self.db.session { _ = BillLine(bill: try Bill[1], item: try Item[1], quantity: 9) }
        } throws: { error in
            guard case PonyError.constraintViolation = error else { return false }
            return true
        }
        #expect(try rowCount("BillLine", in: db) == 3)
    }

    @Test func aNewRelatedObjectInTheKeyIsInsertedFirst() throws {
        let id = try db.session {
            let line = BillLine(bill: Bill(customer: "Cy"), item: try Item[2], quantity: 1)
            return line.id
        }
        #expect(id == BillLine.ID(bill: 3, item: 2))
        #expect(try rowCount("BillLine", in: db) == 4)
    }

    @Test func theOtherSideOfAKeyPartLoadsItsObjects() throws {
        let quantities = try db.session { try Bill[1].lines.map(\.quantity) }
        #expect(quantities == [2, 1])
    }

    @Test func prefetchingTheOtherSideLoadsEveryLineInOneQuery() throws {
        let statements = try selectStatements(in: db) {
            try db.session {
                let invoices = try Bill.select().prefetch(\.lines).fetch()
                #expect(invoices.map { $0.lines.count } == [2, 1])
            }
        }
        #expect(statements.count == 2, "\(statements)")
    }

    @Test func deletingTheOwnerOfACascadingKeyPartDeletesItsLines() throws {
        try db.session { try Bill[1].delete() }
        let left = try db.session { try BillLine.select().fetch().map(\.id) }
        #expect(left == [BillLine.ID(bill: 2, item: 1)])
    }

    @Test func aDenyRuleOnAKeyPartKeepsTheItem() throws {
        #expect {
            try self.db.session { try Item[1].delete() }
        } throws: { error in
            guard case PonyError.constraintViolation(let message, _) = error else { return false }
            return message.contains("2 BillLine object(s) in Item.lines still refer to it")
        }
    }

    @Test func aKeyPartCanBeFilteredOn() throws {
        let quantities = try db.session {
            try BillLine.select(#Predicate { $0.item.name == "tea" }).fetch().map(\.quantity)
        }
        #expect(quantities == [2, 5])
    }

    @Test func theSnapshotCarriesTheKeyAsAnObject() throws {
        let snapshot = try db.session { try Seat[Seat.ID(row: "A", number: 3)].snapshot() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
        #expect(json == #"{"holder":"Ann","id":{"number":3,"row":"A"},"number":3,"row":"A"}"#)
        #expect(try JSONDecoder().decode(Seat.Snapshot.self, from: Data(json.utf8)) == snapshot)
    }

    @Test func aQueryThatFindsAReadColumnChangedIsAnUnrepeatableRead() throws {
        #expect(throws: PonyError.unrepeatableRead(entity: "BillLine", id: "2, 1", changedColumns: ["quantity"])) {
            try self.db.session {
                let line = try BillLine[BillLine.ID(bill: 2, item: 1)]
                _ = line.quantity
                _ = try self.db.execute(sql: "UPDATE \"BillLine\" SET \"quantity\" = 6 WHERE \"bill\" = 2 AND \"item\" = 1")
                _ = try BillLine.select().fetch()
            }
        }
    }

    @Test func anUpdateOfARowChangedBehindTheSessionFailsItsOptimisticCheck() throws {
        #expect(throws: PonyError.optimisticCheckFailed(entity: "Seat", id: "A, 3", changedColumns: ["holder"], rowDeleted: false)) {
            try self.db.session {
                let seat = try Seat[Seat.ID(row: "A", number: 3)]
                _ = try self.db.execute(sql: "UPDATE \"Seat\" SET \"holder\" = 'Bob' WHERE \"row\" = 'A' AND \"number\" = 3")
                seat.holder = "Cy"
            }
        }
    }

    @Test func aKeyOfThreePartsFindsAndOrdersByAllOfThem() throws {
        let readings = try makeDatabase([Reading.self])
        defer { try? readings.disconnect() }
        try readings.session {
            for (day, hour) in [(2, 1), (1, 9), (1, 3)] { _ = Reading(sensor: "roof", day: day, hour: hour, celsius: Double(hour)) }
        }
        let (keys, celsius) = try readings.session {
            (try Reading.select().fetch().map { "\($0.id)" }, try Reading[Reading.ID(sensor: "roof", day: 1, hour: 9)].celsius)
        }
        #expect(keys == ["roof, 1, 3", "roof, 1, 9", "roof, 2, 1"])
        #expect(celsius == 9)
    }

    @Test func changingAKeyPartOfAStoredObjectStopsTheProgram() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread { try changeAStoredKeyPart() }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Cannot change Seat[A, 3].number: it is the primary key of a stored object; create a new object instead"), "\(message)")
    }

    @Test func aToOneRelationshipToACompositeKeyIsAMappingError() throws {
        try db.disconnect()
        #expect {
            _ = try makeDatabase([Bill.self, Item.self, BillLine.self, Refund.self])
        } throws: { error in
            guard case PonyError.mapping(let message) = error else { return false }
            return message.hasPrefix(
                "Refund.line is a to-one relationship to BillLine, whose primary key is composite (bill, item); a foreign key to it")
        }
    }
}

/// Assigns a key part of a stored seat (run in a child process: it stops the program).
private func changeAStoredKeyPart() throws {
    let db = try makeDatabase([Seat.self])
    try db.session {
        let seat = Seat(row: "A", number: 3)
        try db.flush()
        seat.number = 5
    }
}
