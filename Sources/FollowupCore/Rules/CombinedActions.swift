/// One message that did several things the article asks for: a thank-you that also asked about
/// next steps and highlighted a qualification is one `log`, recorded as one event per action
/// (the action's own, `next-steps-asked`, `qualifications-sent`), all with the same time and
/// recipient, in one transaction.
public struct CombinedActions: Equatable, Sendable {
    /// The message also asked about next steps and the decision timeline.
    public var askedNextSteps = false
    /// The message also elaborated on this point (a qualification).
    public var qualification: String?

    public init(askedNextSteps: Bool = false, qualification: String? = nil) {
        self.askedNextSteps = askedNextSteps
        self.qualification = qualification
    }

    public var isEmpty: Bool { !askedNextSteps && qualification == nil }

    /// The actions a message can carry others in: what is sent to the employer.
    public static let carriers: [Action] = [.thankYou, .handwrittenNote, .checkIn, .nextSteps, .qualifications]

    /// Refuses a combination that cannot be: extras on an action that sends nothing, or an
    /// action combined with itself.
    public func check(sentWith action: Action) throws {
        guard !isEmpty else { return }
        guard CombinedActions.carriers.contains(action) else {
            throw CombinedActionsError.notSent(action, carriers: CombinedActions.carriers)
        }
        if askedNextSteps, action == .nextSteps { throw CombinedActionsError.nextStepsAskedTwice }
        if let qualification { _ = try FollowupStore.text(qualification, field: "point", required: true) }
    }

    /// The extra events (type and payload) for a message of `action` whose own payload is
    /// `payload`: they share its recipient.
    func events(sentWith action: Action, payload: [String: JSONValue]) throws -> [(EventType, [String: JSONValue])] {
        var events: [(EventType, [String: JSONValue])] = []
        var shared: [String: JSONValue] = [:]
        if let to = payload["to"] { shared["to"] = to }
        if askedNextSteps { events.append((.nextStepsAsked, shared)) }
        if let qualification, action != .qualifications {
            var extra = shared
            extra["point"] = .string(try FollowupStore.text(qualification, field: "point", required: true)!)
            events.append((.qualificationsSent, extra))
        }
        return events
    }
}

/// A combination `CombinedActions.check` refuses; the programs word it with their own options.
public enum CombinedActionsError: Error, Equatable, Sendable {
    /// Extras on an action that sends nothing to the employer; `carriers` are the ones that do.
    case notSent(Action, carriers: [Action])
    /// Asking about next steps, on a message whose action is that already.
    case nextStepsAskedTwice
}
