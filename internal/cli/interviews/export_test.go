package interviews

// What the tests of package interviews_test need from the inside.

type InviteView = inviteView
