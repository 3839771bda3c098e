// The Go side of scenarios/go_servers.c, built at build time into
// build/scenarios/go/go_servers when go is there (Debian: golang-go).
//   go_servers NETWORK ADDRESS      e.g. go_servers tcp :7400
// Listens with net.Listen(NETWORK, ADDRESS), then prints each accepted
// peer's address as Go names it (conn.RemoteAddr().String()) first on a
// line.
package main

import (
	"fmt"
	"net"
	"os"
)

func main() {
	listener, err := net.Listen(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Println("listen failed:", err)
		os.Exit(1)
	}
	for {
		conn, err := listener.Accept()
		if err != nil {
			continue
		}
		fmt.Println(conn.RemoteAddr().String(), "connected")
		conn.Close()
	}
}
