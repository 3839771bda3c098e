// The Node lesson's server (scenarios/node_servers.c), run as
//   node node_servers.js PORT HOW
// HOW is the listen call: port, ipv6any, ipv6only, ipv6only_host or ipv4any. Each accepted
// client's address, as Node names it (socket.remoteAddress), is printed
// first on a line; a listen error prints its code.
'use strict';
const net = require('net');

const port = Number(process.argv[2]);
const how = process.argv[3];
const server = net.createServer((socket) => {
  console.log(socket.remoteAddress, 'connected');
  socket.destroy();
});
server.on('error', (error) => {
  console.log('listen failed:', error.code);
  process.exit(1);
});
if (how === 'port') server.listen(port);
else if (how === 'ipv6any') server.listen(port, '::');
else if (how === 'ipv6only') server.listen({ port: port, ipv6Only: true });
else if (how === 'ipv6only_host') server.listen({ port: port, host: '::', ipv6Only: true });
else if (how === 'ipv4any') server.listen(port, '0.0.0.0');
else throw new Error('unknown listen call: ' + how);
