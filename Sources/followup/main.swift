import FollowupCLI

Followup.runAndExit()
