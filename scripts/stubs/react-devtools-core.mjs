// Stand-in for react-devtools-core: ink loads it only when DEV is set, which the bundle never does.
export default { initialize() {}, connectToDevTools() {} };
