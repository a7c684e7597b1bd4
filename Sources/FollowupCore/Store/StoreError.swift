/// Everything the store refuses, each with what to do about it. The programs add the remedies
/// that name their options (ProgramSupport's `ReportedError`), and pick the exit status.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The directory holds no followup store.
    case notAStore(path: String)
    /// `init` was asked to create a store where one exists.
    case alreadyAStore(path: String)
    /// The database was written by a newer version of followup.
    case newerVersion(path: String, migration: String)
    /// The database file is damaged or is not SQLite.
    case corrupt(path: String, detail: String)
    /// The device key cannot be read.
    case badKey(path: String, detail: String)
    /// No interview has this ref (or prefix).
    case unknownInterview(String)
    /// No interview has this ref, but one has a ref close to it.
    case mistypedInterview(String, suggestion: String)
    /// The interview exists, but at the moment asked about it had neither taken place nor been entered.
    case notYetKnown(ref: String, asOf: String)
    /// Several interviews match this ref prefix.
    case ambiguousInterview(String, candidates: [String])
    /// A `--to` value that fits several interviewers of one interview.
    case ambiguousInterviewer(String, ref: String, candidates: [String])
    /// An interview with this ref exists already.
    case duplicateRef(String)
    /// No event has this id (or prefix).
    case unknownEvent(String)
    /// Several events match this id prefix.
    case ambiguousEvent(String, candidates: [String])
    /// This event cannot be retracted.
    case cannotRetract(String, reason: String)
    /// An action was dated after now.
    case futureAction(String)
    /// An action that answers an interview (a thank-you, a check-in, ...) was dated before it started.
    case actionBeforeInterview(action: String, ref: String, occurred: String, startsAt: String)
    /// A decision date before the interview it is about.
    case decisionBeforeInterview(ref: String, decisionBy: String, startsAt: String)
    /// An amendment whose every value the interview holds already.
    case nothingToChange(ref: String)
    /// A link to an earlier round removed from an interview that has none.
    case notARound(ref: String)
    /// An interview named as an earlier round of itself.
    case roundOfItself(ref: String)
    /// An earlier round with another employer than the interview linked to it.
    case roundOfOtherCompany(ref: String, company: String, earlier: String, earlierCompany: String)
    /// A link that would make an interview a round of one of its own later rounds.
    case roundLoop(ref: String, later: String)
    /// A value the user gave is not acceptable.
    case invalidInput(String)
    /// The database refused or failed an operation.
    case database(String)
    /// Another sync of the store holds its sync lock.
    case syncRunning

    public var description: String {
        switch self {
        case .notAStore(let path):
            "\(path) is not a followup store (no followup.sqlite)"
        case .alreadyAStore(let path):
            "\(path) already holds a followup store"
        case .newerVersion(let path, let migration):
            "the store at \(path) was written by a newer followup (schema \(migration)); upgrade followup to use it"
        case .corrupt(let path, let detail):
            "the database at \(path) is damaged or not a followup database (\(detail)); restore it from a backup or re-sync into a new store"
        case .badKey(let path, let detail):
            "cannot read the device key \(path) (\(detail)); restore it from a backup, or start a new store with 'followup init'"
        case .unknownInterview(let ref):
            "no interview '\(ref)'; 'followup interview list' shows the refs"
        case .mistypedInterview(let ref, let suggestion):
            "no interview '\(ref)'; did you mean '\(suggestion)'? 'followup interview list' shows the refs"
        case .notYetKnown(let ref, let asOf):
            "at \(asOf) interview '\(ref)' had neither taken place nor been entered"
        case .ambiguousInterview(let ref, let candidates):
            "'\(ref)' matches several interviews (\(candidates.joined(separator: ", "))); type more of the ref"
        case .ambiguousInterviewer(let name, let ref, let candidates):
            "'\(name)' fits several interviewers of \(ref) (\(candidates.joined(separator: ", "))); give the full name or the email"
        case .duplicateRef(let ref):
            "an interview '\(ref)' exists already; choose another ref"
        case .unknownEvent(let id):
            "no event '\(id)'; 'followup timeline' shows the event ids"
        case .ambiguousEvent(let id, let candidates):
            "'\(id)' matches several events (\(candidates.joined(separator: ", "))); type more of the id"
        case .cannotRetract(let id, let reason):
            "cannot retract \(id): \(reason)"
        case .futureAction(let when):
            "the action is dated \(when), in the future; only interviews may be in the future"
        case .actionBeforeInterview(let action, let ref, let occurred, let startsAt):
            "a \(action) dated \(occurred) is before the interview \(ref) (\(startsAt))"
        case .decisionBeforeInterview(let ref, let decisionBy, let startsAt):
            "the decision date \(decisionBy) is before the interview \(ref) (\(startsAt))"
        case .nothingToChange(let ref):
            "nothing to change: \(ref) already holds these values"
        case .notARound(let ref):
            "nothing to change: \(ref) is not a round of another interview"
        case .roundOfItself(let ref):
            "\(ref) cannot be a round of itself; name an earlier interview of the same application"
        case .roundOfOtherCompany(let ref, let company, let earlier, let earlierCompany):
            "\(ref) is with \(company) but \(earlier) is with \(earlierCompany): rounds of one application are with one employer"
        case .roundLoop(let ref, let later):
            "\(later) is already a later round of \(ref), so \(ref) cannot be a round of it (rounds cannot go in a loop)"
        case .invalidInput(let message):
            message
        case .database(let message):
            "database error: \(message)"
        case .syncRunning:
            "another sync of this store is running; try again when it has finished"
        }
    }
}
