// A small chat: connect, start a chat, send a message, print what arrives, then quit.
// Run against the emulator:  livechat-emulator --listen 127.0.0.1:0   (prints its URL)
//   swift run ChatExample http://127.0.0.1:PORT
import Foundation
import LiveChatCustomerSDK

final class Printer: ChatListener {
    func onEvent(event: ChatEvent) throws {
        switch event {
        case .connected(let customer, _, _):
            print("connected as \(customer.id)")
        case .incomingEvent(_, let event):
            if case .message(let text, _) = event.content {
                print("\(event.authorId): \(text)")
            }
        case .disconnected(let reason):
            print("disconnected: \(reason)")
        default:
            break
        }
    }
}

let url = CommandLine.arguments.dropFirst().first ?? "http://127.0.0.1:8080"
let config = ChatConfig(
    licenseId: 12345, clientId: "swift-example", autoConnect: false,
    apiOriginDal: url, apiOriginFra: url + "/fra", accountsOrigin: url
)

do {
    let client = try ChatClient(config: config)
    let subscription = try client.on(eventName: "*", listener: Printer())
    try await client.connectAsync()
    try await Task.sleep(nanoseconds: 500_000_000)
    let chat = try await client.startChatAsync(
        thread: InitialThread(events: [.message(text: "Hello from Swift")])
    )
    _ = try await client.sendEventAsync(chatId: chat.id, event: .message(text: "How are you?"))
    try await Task.sleep(nanoseconds: 3_000_000_000)
    _ = subscription.cancel()
    try await client.destroyAsync()
} catch let ChatError.Failed(code, reason) {
    print("failed: \(code) \(reason)")
}
