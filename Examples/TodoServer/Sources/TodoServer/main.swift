import Configuration
import Foundation
import TodoServerKit

// PONY_DATABASE_URL=sqlite:///todos.sqlite HTTP_PORT=8080 swift run TodoServer
let config = ConfigReader(providers: [
    EnvironmentVariablesProvider(),
    InMemoryProvider(values: TodoServer.defaults),
])
do {
    try await TodoServer.makeApplication(config: config).runService()
} catch {
    // A bad setting (an unreadable database URL, a missing folder, a schema that does not match the models)
    // is a one-line error, not a crash report.
    FileHandle.standardError.write(Data("TodoServer: error: \(error)\n".utf8))
    exit(1)
}
