// Test stand-in for the simulation worker: allocates until the worker's heap limit stops it.
const hoard = [];
for (;;) hoard.push({ a: new Array(1000).fill(hoard.length) });
