// The JVM side of scenarios/java_servers.c, compiled at build time into
// build/scenarios/java/ when javac is there (Debian: default-jdk-headless).
//   java JavaServers LISTEN_PORT OUTGOING_PORT
// Listens with new ServerSocket(LISTEN_PORT), connects out with
// new Socket("127.0.0.1", OUTGOING_PORT), then prints each accepted peer's
// address as Java names it (InetAddress.getHostAddress) first on a line.
import java.net.ServerSocket;
import java.net.Socket;

class JavaServers {
    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(Integer.parseInt(args[0]));
        Socket outgoing = new Socket("127.0.0.1", Integer.parseInt(args[1]));
        System.out.println(outgoing.getInetAddress().getHostAddress() + " outgoing");
        System.out.flush();
        while (true) {
            Socket client = server.accept();
            System.out.println(client.getInetAddress().getHostAddress() + " connected");
            System.out.flush();
            client.close();
        }
    }
}
