package process

// What the tests of package process_test need from the inside.

var MachineHosts = machineHosts
