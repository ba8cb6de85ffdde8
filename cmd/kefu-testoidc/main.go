// Command kefu-testoidc serves the oidctest provider for the workspace's browser tests. It signs
// every authorization in as the user given by flags, without asking: never expose it.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/kefu-dev/kefu/internal/oidctest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	clientID := flag.String("client-id", "kefu", "the one client's id")
	secret := flag.String("client-secret", "kefu-secret", "the one client's secret")
	email := flag.String("email", "sso.user@example.com", "e-mail of the user every sign-in is")
	name := flag.String("name", "SSO User", "that user's name")
	groups := flag.String("groups", "", "comma-separated groups claim")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	user := oidctest.User{Email: *email, Name: *name}
	if *groups != "" {
		user.Groups = strings.Split(*groups, ",")
	}
	p, err := oidctest.New(*clientID, *secret, user)
	if err != nil {
		log.Fatal(err)
	}
	p.Issuer = "http://" + ln.Addr().String()
	// The browser tests read the issuer from this first line.
	fmt.Fprintln(os.Stdout, "issuer", p.Issuer)
	log.Fatal(http.Serve(ln, p.Handler()))
}
