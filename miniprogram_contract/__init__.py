"""The contract with the mini-program: the committed OpenAPI document, a typed client
generated-by-hand from it (checked against it by tests), and a simulator of the
mini-program that talks to the app only over HTTP."""
