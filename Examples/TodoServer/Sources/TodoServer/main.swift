import Configuration
import TodoServerKit

// PONY_DATABASE_URL=sqlite:///todos.sqlite HTTP_PORT=8080 swift run TodoServer
let config = ConfigReader(providers: [
    EnvironmentVariablesProvider(),
    InMemoryProvider(values: TodoServer.defaults),
])
try await TodoServer.makeApplication(config: config).runService()
