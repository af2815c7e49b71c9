// The fleet summary as the IT office reads it in a terminal, French first:
// the counts by status, school and model, the alerts to handle, and the last
// 14 days.

#include <boost/json/value.hpp>

#include <algorithm>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

#include "common/protocol/fleet_words.hpp"
#include "server/ctl/json_text.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;
using common::Language;

namespace {

std::string number_text(const json::value& v) {
    return v.is_int64() ? std::to_string(v.as_int64()) : std::string(kNone);
}

/// "label: n · label: n", largest first (the order given when `ordered`).
void print_counts(std::string_view title, const json::value* counts, std::ostream& out,
                  Language lang,
                  const std::vector<std::pair<std::string, std::string>>& order = {}) {
    out << title << (lang == Language::french ? " : " : ": ");
    if (!counts || !counts->is_object() || counts->as_object().empty()) {
        out << kNone << "\n";
        return;
    }
    std::vector<std::pair<std::string, std::int64_t>> items;
    if (!order.empty()) {
        for (const auto& [key, label] : order) {
            const auto* v = counts->as_object().if_contains(key);
            items.emplace_back(label, v && v->is_int64() ? v->as_int64() : 0);
        }
    } else {
        for (const auto& [key, v] : counts->as_object()) {
            std::string label(key);
            if (label == "unknown") label = lang == Language::french ? "inconnu" : "unknown";
            items.emplace_back(label, v.is_int64() ? v.as_int64() : 0);
        }
        std::stable_sort(items.begin(), items.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    for (std::size_t i = 0; i < items.size(); ++i)
        out << (i ? " · " : "") << items[i].first << " " << items[i].second;
    out << "\n";
}

void print_trends(const json::value& trends, std::ostream& out, Language lang) {
    const auto* days = array_of(trends, "days");
    const auto* seen = array_of(trends, "laptops_seen");
    const auto* reports = array_of(trends, "reports");
    const auto* runs = array_of(trends, "runs");
    const auto* failures = object_of(trends, "failures_by_step");
    if (!days || !seen || !reports || !runs) return;
    out << (lang == Language::french
                ? "14 derniers jours (jour UTC : ordinateurs vus, rapports, diagnostics, échecs "
                  "par "
                  "étape)"
                : "Last 14 days (UTC day: laptops seen, reports, checks, failures by step)")
        << "\n";
    for (std::size_t i = 0; i < days->size(); ++i) {
        out << "  " << std::string_view((*days)[i].as_string()) << "  " << number_text(seen->at(i))
            << "  " << number_text(reports->at(i)) << "  " << number_text(runs->at(i));
        if (failures && failures->is_object()) {
            std::string failed;
            for (const auto& [step, per_day] : failures->as_object()) {
                if (!per_day.is_array() || i >= per_day.as_array().size()) continue;
                const auto& n = per_day.as_array()[i];
                if (n.is_int64() && n.as_int64() > 0) {
                    failed += (failed.empty() ? "" : " ") + std::string(step) + " " +
                              std::to_string(n.as_int64());
                }
            }
            if (!failed.empty()) out << "  (" << failed << ")";
        }
        out << "\n";
    }
}

/// From 30 days before its end, the server's certificate asks to be renewed
/// (given to admins and IT only).
void print_certificate_notice(const json::value& summary, std::ostream& out, Language lang) {
    const auto* certificate = object_of(summary, "server_certificate");
    if (!certificate) return;
    const auto* soon = certificate->as_object().if_contains("renew_soon");
    if (!soon || !soon->is_bool() || !soon->as_bool()) return;
    const bool fr = lang == Language::french;
    const std::string end = text_of(*certificate, "expires_at");
    const bool ended = end <= text_of(summary, "generated_at");  // both RFC 3339, UTC
    out << (fr ? (ended ? "ATTENTION : le certificat du serveur a expiré le "
                        : "ATTENTION : le certificat du serveur expire le ")
               : (ended ? "WARNING: the server's certificate ended on "
                        : "WARNING: the server's certificate ends on "))
        << end.substr(0, 10)
        << (fr ? (ended ? " : les ordinateurs ne peuvent plus envoyer leurs rapports" : "")
               : (ended ? ": the laptops can no longer send their reports" : ""))
        << (fr ? ". Renouvelez-le : clicfleet-server cert renew, puis systemctl reload "
                 "clicfleet-server\n"
               : ". Renew it: clicfleet-server cert renew, then systemctl reload "
                 "clicfleet-server\n");
}

}  // namespace

void print_summary(const json::value& summary, std::ostream& out, Language lang) {
    const bool fr = lang == Language::french;
    out << (fr ? "Parc : " : "Fleet: ") << text_of(summary, "total")
        << (fr ? " ordinateurs" : " laptops");
    if (const auto* alerts = object_of(summary, "alerts")) {
        out << (fr ? " ; " : "; ") << text_of(*alerts, "laptops_needing_attention")
            << (fr ? " avec une alerte à traiter" : " with an alert to handle");
    }
    out << "\n";
    print_certificate_notice(summary, out, lang);
    std::vector<std::pair<std::string, std::string>> statuses;
    for (const auto& [key, words] : common::kStatusWords)
        statuses.emplace_back(std::string(key), std::string(words.in(lang)));
    print_counts(fr ? "Par état" : "By status", object_of(summary, "by_status"), out, lang,
                 statuses);
    print_counts(fr ? "Par école" : "By school", object_of(summary, "by_school"), out, lang);
    print_counts(fr ? "Par modèle" : "By model", object_of(summary, "by_model"), out, lang);
    if (const auto* alerts = object_of(summary, "alerts")) {
        out << (fr ? "Alertes ouvertes (à traiter / ouvertes) :"
                   : "Open alerts (to handle / open):");
        const auto* open = object_of(*alerts, "open");
        const auto* handle = object_of(*alerts, "needing_attention");
        bool any = false;
        if (open && handle && open->is_object()) {
            for (const auto& [rule, n] : open->as_object()) {
                if (!n.is_int64() || n.as_int64() == 0) continue;
                out << (any ? "," : "") << " "
                    << common::words_for(common::kAlertRuleWords, rule, lang) << " "
                    << text_of(*handle, rule) << "/" << n.as_int64();
                any = true;
            }
        }
        out << (any ? "" : fr ? " aucune" : " none") << "\n";
    }
    if (const auto* trends = object_of(summary, "trends")) print_trends(*trends, out, lang);
    out << (fr ? "Au " : "As of ") << text_of(summary, "generated_at") << "\n";
}

}  // namespace clicfleet::ctl
