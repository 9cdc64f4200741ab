import Foundation
import Pony

@Entity final class Customer {
    var name: String
    var email: String
    var lastSeen: Date?
    var orders: [Order]

    init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

@Entity final class Order {
    var total: Int
    var isArchived: Bool = false
    var customer: Customer

    init(total: Int, customer: Customer) {
        self.total = total
        self.customer = customer
    }
}

@Entity final class Visit {
    var path: String
    var at: Date

    init(path: String, at: Date) {
        self.path = path
        self.at = at
    }
}

@Entity final class Tag {
    var name: String

    init(name: String) { self.name = name }
}

/// The example's database; `main.swift` binds it to a temporary file.
let db = Database()
