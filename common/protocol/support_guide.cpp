#include "common/protocol/support_guide.hpp"

#include <array>

namespace clicfleet::common {

namespace {

using E = EscalateTo;

constexpr Words kRestartBox{
    "Débranchez la box internet 30 secondes, rebranchez-la et attendez qu'elle ait redémarré "
    "(quelques minutes), puis relancez la vérification.",
    "Unplug the internet box for 30 seconds, plug it back in and wait until it has restarted (a "
    "few minutes), then run the check again."};

constexpr std::array kGuides = {
    CodeGuide{
        "L1",
        {"L'ordinateur n'est connecté à aucun réseau : ni câble ni Wi-Fi.",
         "The computer is not connected to any network: no cable and no Wi-Fi."},
        {"Vérifiez que le Wi-Fi est activé (mode avion désactivé), choisissez le réseau de la "
         "maison et entrez son mot de passe, ou branchez le câble sur la box.",
         "Check that Wi-Fi is on (airplane mode off), choose the home network and enter its "
         "password, or plug the cable into the box."},
        {"Aucune interface filaire, Wi-Fi ou mobile n'est active : rien n'est branché ni connecté.",
         "No wired, Wi-Fi or mobile interface is up: nothing is plugged in or connected."},
        E::it_technician,
        {"si aucun réseau n'apparaît alors que d'autres appareils voient le Wi-Fi de la maison : "
         "la carte Wi-Fi est peut-être en panne.",
         "if no network shows while other devices see the home Wi-Fi: the Wi-Fi card may be "
         "broken."}},
    CodeGuide{
        "L2",
        {"Le signal Wi-Fi est faible : rapprochez-vous de la box internet.",
         "The Wi-Fi signal is weak: move closer to the internet box."},
        {"Utilisez l'ordinateur près de la box, loin des murs épais et des appareils électriques, "
         "ou branchez un câble.",
         "Use the laptop near the box, away from thick walls and appliances, or plug in a "
         "cable."},
        {"Le signal Wi-Fi est sous 30 % : la connexion peut ralentir ou se couper (avertissement).",
         "The Wi-Fi signal is under 30 %: the connection may slow down or drop (a warning)."},
        E::it_technician,
        {"si le signal reste faible tout près de la box alors que les autres appareils captent "
         "bien : la carte Wi-Fi ou son antenne est à vérifier.",
         "if the signal stays weak right next to the box while other devices get a good one: the "
         "Wi-Fi card or its antenna needs a look."}},
    CodeGuide{
        "I1",
        {"La box internet n'a pas donné d'adresse à l'ordinateur.",
         "The internet box did not give the computer an address."},
        {"Éteignez puis rallumez le Wi-Fi de l'ordinateur. Si rien ne change : débranchez la box "
         "30 secondes, rebranchez-la et attendez qu'elle ait redémarré.",
         "Turn the laptop's Wi-Fi off and on again. If nothing changes: unplug the box for 30 "
         "seconds, plug it back in and wait until it has restarted."},
        {"L'ordinateur n'a aucune adresse IP : la box (DHCP) ne lui en a pas donné.",
         "The laptop has no IP address: the box (DHCP) gave it none."},
        E::internet_provider,
        {"si les autres appareils de la maison n'ont pas internet non plus une fois la box "
         "redémarrée.",
         "if the household's other devices have no internet either once the box has restarted."}},
    CodeGuide{
        "I2",
        {"La box internet n'a pas répondu : l'ordinateur s'est donné une adresse de secours.",
         "The internet box did not answer: the computer gave itself a makeshift address."},
        {"Redémarrez la box (débranchez-la 30 secondes). Si les autres appareils fonctionnent, "
         "oubliez le réseau Wi-Fi sur l'ordinateur puis reconnectez-vous avec le mot de passe.",
         "Restart the box (unplug it for 30 seconds). If other devices work, forget the Wi-Fi "
         "network on the laptop and join it again with the password."},
        {"Seulement une adresse de secours (169.254.x.x) : la box n'a pas répondu à la demande "
         "d'adresse (DHCP).",
         "Only a makeshift address (169.254.x.x): the box did not answer the address request "
         "(DHCP)."},
        E::internet_provider,
        {"si la box ne donne d'adresse à aucun appareil, même après redémarrage.",
         "if the box gives no device an address, even after a restart."}},
    CodeGuide{
        "I3",
        {"L'ordinateur a une adresse mais aucun chemin vers internet.",
         "The computer has an address but no route to the internet."},
        {"Redémarrez la box. Si l'ordinateur passe par un répéteur ou un second routeur, "
         "connectez-le directement au Wi-Fi de la box.",
         "Restart the box. If the laptop goes through a repeater or a second router, connect it "
         "to the box's own Wi-Fi."},
        {"Une adresse mais aucune route par défaut : réseau mal réglé (répéteur, second routeur) "
         "ou réglage fait à la main sur l'ordinateur.",
         "An address but no default route: a misconfigured network (repeater, second router) or "
         "a setting made by hand on the laptop."},
        E::it_technician,
        {"si cela persiste sur le Wi-Fi de la box elle-même : les réglages réseau de "
         "l'ordinateur ont été modifiés.",
         "if it persists on the box's own Wi-Fi: the laptop's network settings were changed."}},
    CodeGuide{"G1",
              {"La box internet ne répond pas.", "The internet box does not answer."},
              {"Regardez les voyants de la box. Débranchez-la 30 secondes, rebranchez-la et "
               "attendez qu'elle ait redémarré.",
               "Look at the box's lights. Unplug it for 30 seconds, plug it back in and wait "
               "until it has restarted."},
              {"La passerelle (la box) ne répond ni au ping ni à l'ARP, et aucune étape suivante "
               "n'a montré qu'elle fonctionne.",
               "The gateway (the box) answers neither ping nor ARP, and no later step showed "
               "that it works."},
              E::internet_provider,
              {"si la box reste éteinte ou ne répond toujours pas après le redémarrage.",
               "if the box stays off or still does not answer after the restart."}},
    CodeGuide{
        "D1",
        {"Aucun serveur de noms (DNS) n'est réglé : les sites ne peuvent pas être trouvés.",
         "No name server (DNS) is set: websites cannot be found."},
        {"Éteignez puis rallumez le Wi-Fi de l'ordinateur, puis redémarrez la box.",
         "Turn the laptop's Wi-Fi off and on again, then restart the box."},
        {"Aucun serveur DNS n'est configuré sur l'ordinateur.",
         "No DNS server is configured on the laptop."},
        E::it_technician,
        {"si cela persiste : les réglages réseau de l'ordinateur ont été modifiés ou son système "
         "est abîmé.",
         "if it persists: the laptop's network settings were changed or its system is damaged."}},
    CodeGuide{
        "D2",
        {"Le serveur de noms (DNS) de la box ne fonctionne pas, mais un autre fonctionne.",
         "The internet box's name server (DNS) fails, but another one works."},
        {"Redémarrez la box. Si le problème revient, un contrôle parental ou un réglage DNS de la "
         "box peut en être la cause.",
         "Restart the box. If the problem comes back, a parental control or a DNS setting on the "
         "box may be the cause."},
        {"Le DNS de la box échoue ou est trop lent alors que le résolveur public répond : le "
         "problème vient de la box ou du fournisseur, pas de la ligne.",
         "The box's DNS fails or is too slow while the public resolver answers: the box or the "
         "provider is at fault, not the line."},
        E::internet_provider,
        {"si le problème revient après le redémarrage : son service client peut remettre le DNS "
         "de la box en état.",
         "if the problem comes back after the restart: the provider's support can put the box's "
         "DNS right."}},
    CodeGuide{
        "D3",
        {"Les noms des sites ne sont pas trouvés (DNS) : la connexion internet ne fonctionne pas.",
         "Names cannot be looked up (DNS): the internet connection does not work."},
        {"Regardez le voyant « internet » de la box, puis redémarrez-la.",
         "Look at the box's internet light, then restart the box."},
        {"Aucune recherche de nom n'aboutit, ni par la box ni par le résolveur public : la ligne "
         "internet ne fonctionne pas.",
         "No lookup works, neither through the box nor through the public resolver: the "
         "internet line is down."},
        E::internet_provider,
        {"si le voyant internet reste éteint ou rouge après le redémarrage.",
         "if the internet light stays off or red after the restart."}},
    CodeGuide{
        "T1",
        {"Aucun des serveurs n'est joignable.", "None of the servers can be reached."},
        {"Redémarrez la box et vérifiez qu'aucun contrôle parental ne bloque l'ordinateur.",
         "Restart the box and check that no parental control blocks the laptop."},
        {"Aucune connexion TCP n'aboutit, vers aucun serveur (serveur du parc, portail) : ligne "
         "coupée ou tout est filtré.",
         "No TCP connection opens to any target (fleet server, portal): the line is down or "
         "everything is filtered."},
        E::internet_provider,
        {"si les autres appareils de la maison n'ont pas internet non plus.",
         "if the household's other devices have no internet either."}},
    CodeGuide{
        "T2",
        {"Certains serveurs sont bloqués (contrôle parental, pare-feu ou filtre).",
         "Some servers are blocked (parental control, firewall or filter)."},
        {"Si un contrôle parental est installé (sur la box ou dans une application), autorisez-y "
         "le portail de l'école.",
         "If a parental control is installed (on the box or in an app), allow the school portal "
         "in it."},
        {"Certains serveurs répondent, d'autres non (le détail dit lesquels) : un filtre bloque "
         "le portail, ou le portail lui-même est hors service.",
         "Some targets answer, others do not (the detail names which): a filter blocks the "
         "portal, or the portal itself is down."},
        E::portal_team,
        {"si aucun filtre n'est installé, ou si plusieurs familles appellent pour la même chose.",
         "if no filter is installed, or several families call about the same thing."}},
    CodeGuide{
        "S1",
        {"La date ou l'heure de l'ordinateur est fausse : remettez-les à l'heure.",
         "The computer's date or time is wrong: set them right."},
        {"Dans les paramètres de l'ordinateur, réglez la date, l'heure et le fuseau horaire "
         "(Europe/Paris), avec le réglage automatique activé.",
         "In the laptop's settings, set the date, time and time zone (Europe/Paris), with "
         "automatic time on."},
        {"L'horloge de l'ordinateur est fausse de plus de 5 minutes : les certificats "
         "paraissent pas encore valides ou expirés.",
         "The laptop's clock is more than 5 minutes off: certificates look not yet valid or "
         "expired."},
        E::it_technician,
        {"si l'heure se dérègle après chaque coupure de courant : la pile de l'horloge est à "
         "changer.",
         "if the time goes wrong after every power cut: the clock battery must be replaced."}},
    CodeGuide{
        "S2",
        {"Les connexions sécurisées sont interceptées (antivirus, contrôle parental ou borne "
         "publique).",
         "Secure connections are intercepted (antivirus, parental control or public hotspot)."},
        {"Désactivez l'analyse HTTPS de l'antivirus ou le contrôle parental, ou utilisez le "
         "réseau de la maison plutôt qu'une borne publique. N'acceptez jamais un certificat "
         "inconnu.",
         "Turn off the antivirus's HTTPS scanning or the parental control, or use the home "
         "network rather than a public hotspot. Never accept an unknown certificate."},
        {"Le certificat présenté n'est pas celui du serveur : un antivirus, un contrôle parental "
         "ou une borne intercepte les connexions. Rien n'a été envoyé.",
         "The certificate shown is not the server's: an antivirus, a parental control or a "
         "hotspot intercepts connections. Nothing was sent."},
        E::it_technician,
        {"si rien de tel n'est installé et que l'ordinateur est sur le réseau de la maison.",
         "if nothing of the kind is installed and the laptop is on the home network."}},
    CodeGuide{
        "S3",
        {"Une connexion sécurisée avec un serveur n'a pas pu être établie.",
         "A secure connection to a server could not be made."},
        {"Réessayez dans quelques minutes.", "Try again in a few minutes."},
        {"La négociation TLS échoue (connexion coupée, serveur qui ne parle pas TLS, certificat "
         "expiré alors que l'horloge est juste) : le problème est du côté du serveur ou du "
         "réseau.",
         "The TLS handshake fails (connection reset, a server that does not speak TLS, a "
         "certificate expired while the clock is right): the server's or the network's side."},
        E::server_owner,
        {"si cela dure plus d'une heure ; tout de suite si le détail dit que le certificat a "
         "expiré.",
         "if it lasts more than an hour; at once if the detail says the certificate expired."}},
    CodeGuide{
        "H1",
        {"Un serveur a donné une mauvaise réponse ou aucune.",
         "A server gave a wrong answer or none."},
        {"Réessayez dans quelques minutes.", "Try again in a few minutes."},
        {"Un serveur n'a pas répondu en 10 secondes, ou a donné une réponse inattendue (le "
         "détail dit laquelle).",
         "A server gave no answer within 10 seconds, or an unexpected one (the detail says "
         "which)."},
        E::server_owner,
        {"si cela dure plus d'une heure, ou si plusieurs familles appellent pour la même chose.",
         "if it lasts more than an hour, or several families call about the same thing."}},
    CodeGuide{
        "P1",
        {"Le réseau affiche une page de connexion : ouvrez le navigateur et connectez-vous.",
         "The network shows a login page: open the web browser and log in."},
        {"Ouvrez le navigateur : une page de connexion ou d'acceptation des conditions s'affiche "
         "(hôtel, camping, Wi-Fi public). Connectez-vous, puis relancez la vérification.",
         "Open the web browser: a login or terms page appears (hotel, campsite, public Wi-Fi). "
         "Log in, then run the check again."},
        {"Un portail captif retient le trafic : il faut se connecter sur la page du réseau "
         "avant toute chose.",
         "A captive portal holds the traffic back: the family must log in on the network's page "
         "before anything else."},
        E::nobody,
        {"jamais : c'est le réseau utilisé (hôtel, borne publique) qui demande une connexion.",
         "never: the network in use (hotel, public hotspot) asks for a login."}},
    CodeGuide{
        "P2",
        {"Les pages sécurisées fonctionnent, mais les autres sont modifiées en chemin (proxy ou "
         "filtre).",
         "Secure pages work, but ordinary pages are altered on the way (proxy or filter)."},
        {"Rien à faire pour le portail, qui est sécurisé. S'il ne s'ouvre pas non plus, "
         "désactivez le filtre web.",
         "Nothing to do for the portal, which is secure. If it does not open either, turn the "
         "web filter off."},
        {"HTTPS fonctionne, mais les pages HTTP simples sont modifiées (proxy transparent ou "
         "filtre du fournisseur).",
         "HTTPS works, but plain HTTP pages are altered (a transparent proxy or the provider's "
         "filter)."},
        E::nobody,
        {"jamais pour ce seul code ; suivez le code du portail s'il échoue aussi.",
         "never for this code alone; follow the portal's code if it fails too."}},
    CodeGuide{
        "P3",
        {"Le réseau demande un mot de passe de proxy.", "The network asks for a proxy password."},
        {"Utilisez le réseau de la maison plutôt qu'un réseau d'entreprise ou d'école.",
         "Use the home network rather than a workplace or school network."},
        {"Un proxy demande un mot de passe (407) : réseau d'entreprise, ou proxy réglé à la main "
         "sur l'ordinateur.",
         "A proxy asks for a password (407): a workplace network, or a proxy set by hand on the "
         "laptop."},
        E::it_technician,
        {"si cela arrive sur le réseau de la maison : un proxy a été réglé sur l'ordinateur et "
         "doit être retiré.",
         "if it happens on the home network: a proxy was set on the laptop and must be "
         "removed."}},
    CodeGuide{"Q1",
              {"La connexion fonctionne mais elle est lente.", "The connection works but is slow."},
              {"Mettez en pause les téléchargements et les vidéos sur les autres appareils, et "
               "rapprochez-vous de la box.",
               "Pause downloads and videos on the other devices, and move closer to the box."},
              {"La médiane de 3 requêtes HTTPS dépasse 500 ms : la connexion marche, lentement "
               "(avertissement).",
               "The median of 3 HTTPS requests is over 500 ms: the connection works, slowly (a "
               "warning)."},
              E::nobody,
              {"jamais pour une simple lenteur.", "never for slowness alone."}},
    CodeGuide{
        "Q2",
        {"La connexion est très lente ou se coupe.", "The connection is very slow or cuts out."},
        {"Mettez en pause les téléchargements et les vidéos sur les autres appareils, "
         "rapprochez-vous de la box ou branchez un câble.",
         "Pause downloads and videos on the other devices, move closer to the box or plug in a "
         "cable."},
        {"La médiane de 3 requêtes HTTPS dépasse 1 seconde, ou aucune n'aboutit en 5 secondes : "
         "ligne très lente ou qui se coupe.",
         "The median of 3 HTTPS requests is over 1 second, or none is answered within 5 "
         "seconds: a very slow line, or one that cuts out."},
        E::internet_provider,
        {"si c'est ainsi à toute heure : le fournisseur peut tester la ligne.",
         "if it is so at all hours: the provider can test the line."}},
    CodeGuide{"OK",
              {"Tout fonctionne.", "Everything works."},
              {"Si le portail ne s'ouvre toujours pas, notez l'heure et le message qu'il affiche.",
               "If the portal still does not open, note the time and the message it shows."},
              {"Toutes les étapes ont réussi : la connexion de l'ordinateur n'est pas en cause.",
               "Every step passed: the laptop's connection is not the problem."},
              E::portal_team,
              {"si le portail affiche une erreur : le problème vient du portail ou du compte de "
               "l'élève.",
               "if the portal shows an error: the portal or the pupil's account is at fault."}},
    CodeGuide{"G",
              {"La box internet répond lentement.", "The internet box answers slowly."},
              kRestartBox,
              {"La passerelle répond en plus de 1,5 seconde en moyenne (avertissement).",
               "The gateway answers in more than 1.5 seconds on average (a warning)."},
              E::nobody,
              {"jamais pour ce seul avertissement.", "never for this warning alone."}},
    CodeGuide{"D",
              {"La recherche des sites (DNS) est lente.", "Finding websites (DNS) is slow."},
              kRestartBox,
              {"Les recherches de noms aboutissent, mais en plus de 400 ms en moyenne "
               "(avertissement).",
               "Name lookups work, but take more than 400 ms on average (a warning)."},
              E::nobody,
              {"jamais pour ce seul avertissement.", "never for this warning alone."}},
    CodeGuide{"H",
              {"Certaines réponses viennent d'une page de connexion ou d'un proxy.",
               "Some answers come from a login page or a proxy."},
              {"Ouvrez le navigateur : si une page de connexion s'affiche, connectez-vous.",
               "Open the web browser: if a login page appears, log in."},
              {"Une réponse HTTP vient d'un portail captif ou d'un proxy plutôt que du serveur "
               "(avertissement ; le code P dit lequel).",
               "An HTTP answer comes from a captive portal or a proxy rather than the server (a "
               "warning; the P code says which)."},
              E::nobody,
              {"jamais pour ce seul avertissement.", "never for this warning alone."}},
};

struct EscalationText {
    EscalateTo to;
    std::string_view name;
    Words label;
};

constexpr std::array kEscalations = {
    EscalationText{E::nobody, "nobody", {"Personne", "Nobody"}},
    EscalationText{E::it_technician,
                   "it_technician",
                   {"Un technicien du service informatique", "An IT service technician"}},
    EscalationText{
        E::internet_provider,
        "internet_provider",
        {"Le fournisseur d'accès internet de la famille", "The family's internet provider"}},
    EscalationText{E::portal_team,
                   "portal_team",
                   {"L'équipe du portail éducatif", "The educational portal's team"}},
    EscalationText{E::server_owner,
                   "server_owner",
                   {"L'équipe du serveur nommé dans le détail (portail ou serveur du parc)",
                    "The team of the server the detail names (portal or fleet server)"}},
};

const EscalationText& escalation(EscalateTo to) {
    for (const auto& e : kEscalations) {
        if (e.to == to) return e;
    }
    return kEscalations[0];
}

}  // namespace

const CodeGuide* code_guide(std::string_view code) {
    for (const auto& guide : kGuides) {
        if (guide.code == code) return &guide;
    }
    return nullptr;
}

std::span<const CodeGuide> code_guides() {
    return kGuides;
}

std::string_view escalation_name(EscalateTo to) {
    return escalation(to).name;
}

std::string_view escalation_label(EscalateTo to, Language language) {
    return escalation(to).label.in(language);
}

}  // namespace clicfleet::common
