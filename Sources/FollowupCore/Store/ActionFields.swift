/// A fact an action can carry besides its interview and when it happened.
///
/// The cases are in the order `Action.checkFields` checks them, so that an input with several
/// problems is always refused for the same one.
public enum ActionField: String, CaseIterable, Sendable {
    case outcome, point, decisionBy, note, body, to

    /// The actions that take this field, in `Action.allCases` order.
    public var actions: [Action] { Action.allCases.filter { $0.accepts(self) } }
}

/// An action's input lacks a field the action needs, or carries one it does not take.
public enum ActionFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(ActionField, action: Action)
    case notAccepted(ActionField, action: Action)

    public var description: String {
        switch self {
        case .missing(let field, let action):
            "the \(field.rawValue) is required for \(action.rawValue)"
        case .notAccepted(let field, let action):
            "\(action.rawValue) takes no \(field.rawValue); only \(field.actions.map(\.rawValue).joined(separator: ", ")) do"
        }
    }
}

extension Action {
    /// Whether this action may carry `field`.
    public func accepts(_ field: ActionField) -> Bool {
        switch field {
        case .to, .note: true
        case .outcome: self == .outcome
        case .point: self == .qualifications
        // The decision date is something the employer says: when asked, or in a reply.
        case .decisionBy: self == .nextSteps || self == .response
        // The actions that send something, and so may keep the text that was sent.
        case .body: [.thankYou, .handwrittenNote, .nextSteps, .qualifications, .checkIn].contains(self)
        }
    }

    /// Whether this action cannot be recorded without `field`.
    public func requires(_ field: ActionField) -> Bool {
        switch field {
        case .outcome: self == .outcome
        case .point: self == .qualifications
        case .note: self == .note
        case .to, .decisionBy, .body: false
        }
    }

    /// Refuses `given` (the fields an input carries) when one is missing or not taken by this
    /// action; fields are checked in `ActionField.allCases` order.
    public func checkFields(_ given: Set<ActionField>) throws(ActionFieldError) {
        for field in ActionField.allCases {
            if requires(field), !given.contains(field) { throw .missing(field, action: self) }
            if given.contains(field), !accepts(field) { throw .notAccepted(field, action: self) }
        }
    }
}

extension ActionInput {
    /// The fields this input carries.
    public var givenFields: Set<ActionField> {
        var given: Set<ActionField> = []
        if outcome != nil { given.insert(.outcome) }
        if point != nil { given.insert(.point) }
        if decisionBy != nil { given.insert(.decisionBy) }
        if note != nil { given.insert(.note) }
        if body != nil { given.insert(.body) }
        if to != nil { given.insert(.to) }
        return given
    }
}
