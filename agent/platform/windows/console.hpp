#pragma once
// The agent's text is UTF-8 ("Vérification de la connexion"); a Windows
// console shows its own code page (850 or 1252 in France) unless told
// otherwise, and a family would read "VÃ©rification".

namespace clicfleet::agent {

/// Makes the console, if there is one, show UTF-8. Pipes and files are untouched.
void use_utf8_console();

}  // namespace clicfleet::agent
