// clicfleet-fleetgen: writes a fleet database at scale for clicfleet-dbbench
// (docs/performance.md, "Fleet database at scale"). The schema comes from the
// server itself (SqliteFleetStore::open runs the migrations); the rows are
// written directly with prepared statements in large transactions, shaped as
// the server stores them: the agent's health JSON, probe ladder runs, open and
// resolved alerts, daily aggregates, handovers to pupils of ~60 schools.
//
// Deterministic for a seed. Every device draws from its own random streams, so
// the fleet itself (serials, models, statuses, pupils, handovers) does not
// depend on --days; its samples, runs and alert times do.

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/protocol/connectivity.hpp"
#include "common/protocol/health.hpp"
#include "common/protocol/inventory.hpp"
#include "common/protocol/support_code.hpp"
#include "common/store/sqlite.hpp"
#include "common/util/crypto.hpp"
#include "common/util/text.hpp"
#include "common/version.hpp"
#include "server/alerts/alert_rules.hpp"
#include "server/alerts/hardware_baseline.hpp"
#include "server/history/inventory_diff.hpp"
#include "server/store/health_columns.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "tests/bench/fleet_db_common.hpp"

namespace clicfleet::bench {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using common::Database;
using common::Statement;

constexpr std::int64_t kDay = 86400;

struct Options {
    fs::path db;
    std::int64_t devices = 0;
    int days = 14;
    int interval_min = 15;
    int runs_every = 8;  ///< a probe ladder run every this many reports
    std::uint64_t seed = 1;
    int packages = 1500;
    std::optional<std::int64_t> now;
    double keep_free_gb = 2;
};

// ---------------------------------------------------------------- random

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t bits() { return engine_(); }
    double uniform() { return std::uniform_real_distribution<double>(0, 1)(engine_); }
    /// An integer in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(engine_);
    }
    bool chance(double p) { return uniform() < p; }
    double normal(double mean, double sd) {
        return std::normal_distribution<double>(mean, sd)(engine_);
    }
    template <class T, std::size_t N>
    const T& pick(const std::array<T, N>& items) {
        return items[static_cast<std::size_t>(between(0, N - 1))];
    }
    std::string hex(std::size_t chars) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out(chars, '0');
        for (auto& c : out)
            c = kHex[bits() & 0xf];
        return out;
    }
    std::string uuid() {
        std::string h = hex(32);
        h[12] = '4';
        h[16] = "89ab"[bits() & 3];
        return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
               h.substr(16, 4) + "-" + h.substr(20);
    }

  private:
    std::mt19937_64 engine_;
};

/// `value` to `decimals` places, as the agent rounds (14.1, not 14.100000000000001).
double round_to(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// ---------------------------------------------------------------- catalogue

struct Model {
    const char* vendor;
    const char* model;
    const char* serial_prefix;
    int serial_extra;  ///< random characters between the prefix and the unique code
    const char* cpu;
    std::int64_t cores, threads;
    std::uint64_t memory;
    const char* disk_name;
    const char* disk_model;
    std::uint64_t disk_bytes;
    std::uint64_t root_bytes;  ///< the "/" filesystem
    const char* root_device;
    const char* efi_device;
    std::uint64_t battery_design_mwh;
    const char* bios;
    const char* bios_date;
    bool ethernet;
};

constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;

const std::array<Model, 5> kModels = {{
    {"LENOVO", "20VH0017FR", "PF", 0, "11th Gen Intel(R) Core(TM) i3-1115G4 @ 3.00GHz", 2, 4,
     8'192'000'000, "nvme0n1", "SAMSUNG MZALQ256HBJD-000L2", 256'060'514'304, 245'107'195'904,
     "/dev/nvme0n1p2", "/dev/nvme0n1p1", 46'000, "R1FET54W (1.28 )", "2023-02-13", true},
    {"LENOVO", "21FN0027FR", "PF", 0, "13th Gen Intel(R) Core(TM) i3-1315U", 6, 8, 8'192'000'000,
     "nvme0n1", "SKHynix_HFS256GEJ4X112N", 256'060'514'304, 245'107'195'904, "/dev/nvme0n1p2",
     "/dev/nvme0n1p1", 41'000, "R2EET39W (1.20 )", "2024-03-18", true},
    {"Dell Inc.", "Latitude 3120", "", 1, "Intel(R) Celeron(R) N5100 @ 1.10GHz", 4, 4,
     4'096'000'000, "mmcblk0", "DA4064", 62'537'072'640, 59'609'489'408, "/dev/mmcblk0p2",
     "/dev/mmcblk0p1", 42'000, "1.25.0", "2023-06-07", false},
    {"Dell Inc.", "Latitude 3140", "", 1, "Intel(R) Pentium(R) Silver N6000 @ 1.10GHz", 4, 4,
     8'192'000'000, "nvme0n1", "BC711 NVMe SK hynix 128GB", 128'035'676'160, 121'425'784'832,
     "/dev/nvme0n1p2", "/dev/nvme0n1p1", 42'000, "1.9.1", "2024-01-22", false},
    {"HP", "HP ProBook x360 11 G7 Education Edition", "5CD", 1,
     "Intel(R) Celeron(R) N6000 @ 1.10GHz", 4, 4, 8'192'000'000, "nvme0n1",
     "KBG40ZNT128G TOSHIBA MEMORY", 128'035'676'160, 121'425'784'832, "/dev/nvme0n1p2",
     "/dev/nvme0n1p1", 45'000, "S80 Ver. 01.08.00", "2023-09-14", false},
}};

struct Os {
    const char* name;
    const char* version;
    const char* kernel;
};
const std::array<Os, 2> kOses = {{
    {"Debian GNU/Linux 12 (bookworm)", "12", "6.1.0-27-amd64"},
    {"Debian GNU/Linux 11 (bullseye)", "11", "5.10.0-32-amd64"},
}};

const std::array<const char*, 20> kSchoolNames = {
    "Victor-Hugo",   "Jules-Ferry", "Jean-Jaurès",      "Louis-Pasteur",  "des Chaprais",
    "Jean-Macé",     "Paul-Bert",   "Condorcet",        "Anatole-France", "Jacques-Prévert",
    "Marie-Curie",   "Jean-Moulin", "Voltaire",         "des Tilleuls",   "du Centre",
    "Saint-Exupéry", "La Fontaine", "Charles-Perrault", "Jules-Verne",    "Montessori"};
const std::array<const char*, 3> kSchoolKinds = {"École élémentaire", "École primaire",
                                                 "Groupe scolaire"};

// Frequent French surnames; "Martin" and its relatives give the text search
// "martin" about 2 % of the pupils.
const std::array<const char*, 100> kLastNames = {
    "Martin",    "Bernard",  "Thomas",   "Petit",     "Robert",   "Richard",   "Durand",
    "Dubois",    "Moreau",   "Laurent",  "Simon",     "Michel",   "Lefebvre",  "Leroy",
    "Roux",      "David",    "Bertrand", "Morel",     "Fournier", "Girard",    "Bonnet",
    "Dupont",    "Lambert",  "Fontaine", "Rousseau",  "Vincent",  "Muller",    "Lefèvre",
    "Faure",     "André",    "Mercier",  "Blanc",     "Guérin",   "Boyer",     "Garnier",
    "Chevalier", "François", "Legrand",  "Gauthier",  "Garcia",   "Perrin",    "Robin",
    "Clément",   "Morin",    "Nicolas",  "Henry",     "Roussel",  "Mathieu",   "Gautier",
    "Masson",    "Marchand", "Duval",    "Denis",     "Dumont",   "Marie",     "Lemaire",
    "Noël",      "Meyer",    "Dufour",   "Meunier",   "Brun",     "Blanchard", "Giraud",
    "Joly",      "Rivière",  "Lucas",    "Brunet",    "Gaillard", "Barbier",   "Arnaud",
    "Martinez",  "Gérard",   "Roche",    "Renard",    "Schmitt",  "Roy",       "Leroux",
    "Colin",     "Vidal",    "Caron",    "Picard",    "Roger",    "Fabre",     "Aubert",
    "Lemoine",   "Renaud",   "Dumas",    "Lacroix",   "Olivier",  "Benali",    "Haddad",
    "Diallo",    "Nguyen",   "Traoré",   "Martineau", "Da Silva", "Le Gall",   "Saint-Martin",
    "Pereira",   "Lopez"};
const std::array<const char*, 50> kFirstNames = {
    "Léa",   "Emma",   "Chloé",   "Manon", "Inès",    "Jade",  "Louise", "Alice", "Lina",
    "Rose",  "Anna",   "Mila",    "Ambre", "Julia",   "Zoé",   "Lou",    "Léna",  "Camille",
    "Sarah", "Eva",    "Gabriel", "Léo",   "Raphaël", "Louis", "Arthur", "Jules", "Adam",
    "Maël",  "Lucas",  "Hugo",    "Noah",  "Liam",    "Sacha", "Nathan", "Ethan", "Paul",
    "Tom",   "Nolan",  "Timéo",   "Yanis", "Mohamed", "Aylan", "Martin", "Théo",  "Enzo",
    "Axel",  "Mathis", "Noé",     "Rayan", "Malo"};

// ---------------------------------------------------------------- time

std::string civil_day(std::int64_t unix_seconds) {
    using namespace std::chrono;
    const year_month_day ymd{floor<days>(sys_seconds{seconds{unix_seconds}})};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

/// "2026-11-03" as French writes it: "03/11/2026".
std::string french_day(std::string_view iso_day) {
    return fmt::format("{}/{}/{}", iso_day.substr(8, 2), iso_day.substr(5, 2),
                       iso_day.substr(0, 4));
}

std::int64_t day_start(std::int64_t unix_seconds) {
    return unix_seconds - ((unix_seconds % kDay) + kDay) % kDay;
}

/// Midnight UTC of the 1st of September of `year`.
std::int64_t september_first(int year) {
    using namespace std::chrono;
    return sys_days{std::chrono::year{year} / September / 1}.time_since_epoch().count() * kDay;
}

int year_of(std::int64_t unix_seconds) {
    using namespace std::chrono;
    return static_cast<int>(year_month_day{floor<days>(sys_seconds{seconds{unix_seconds}})}.year());
}

// ---------------------------------------------------------------- the fleet

enum class Status { online, offline, stale, missing };

struct Pupil {
    std::string ref;
    std::string last_name;
    std::string first_name;
    std::int64_t school_id;
    std::string class_name;
};

struct HandoverRow {
    std::string serial;
    std::string pupil_ref;
    std::string handed_on;
    std::string kind;
};

/// One laptop's fixed traits, drawn from its own stream.
struct Laptop {
    std::int64_t index = 0;  ///< from 0, in the order drawn
    std::string device_id;   ///< as the server makes them: a random UUID
    std::string serial;
    const Model* model = nullptr;
    int os = 0;
    std::string agent_version;
    Status status = Status::online;
    std::int64_t last_seen = 0;
    std::int64_t enrolled_at = 0;
    bool handed_over = false;
    std::string handed_on;  ///< of the current handover
    // Conditions that open alerts.
    bool disk_low = false, battery_worn = false, clock_skew = false, connectivity_failing = false;
    // Resolved alerts in the window.
    bool had_connectivity_failure = false, had_disk_low = false;
    bool inventory_changed = false;
    bool home_internet = false;
    std::int64_t reports_dropped = 0;
};

/// The laptop's number in support codes: in the order drawn, as enrollment hands them out.
std::int64_t device_number(const Laptop& l) {
    return l.index + 1;
}

/// A serial no other laptop has: the unique code is a bijection of the index.
std::string serial_for(std::int64_t index, const Model& model, Rng& rng) {
    static constexpr char kAlnum[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    std::uint64_t code = static_cast<std::uint64_t>(index + 0x2a5f3c1) & ((1ULL << 30) - 1);
    code = (code * 0x2545F491ULL) & ((1ULL << 30) - 1);  // odd multiplier: a bijection
    code ^= code >> 15;                                  // so is this
    std::string out = model.serial_prefix;
    for (int i = 0; i < model.serial_extra; ++i)
        out += kAlnum[rng.bits() % (sizeof(kAlnum) - 1)];
    std::string tail(6, '0');  // 34^6 > 2^30: room for every code
    for (int i = 5; i >= 0; --i) {
        tail[static_cast<std::size_t>(i)] = kAlnum[code % 34];
        code /= 34;
    }
    return out + tail;
}

std::string mac_for(std::uint32_t oui, std::int64_t index, int port) {
    const auto n = static_cast<std::uint64_t>(index) * 2 + static_cast<std::uint64_t>(port);
    return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", (oui >> 16) & 0xff,
                       (oui >> 8) & 0xff, oui & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

/// The packages of the city's image for one OS, sorted by name.
std::vector<common::SoftwarePackage> image_packages(int os, int count, std::uint64_t seed) {
    Rng rng(splitmix64(seed ^ (0x50ac + static_cast<std::uint64_t>(os))));
    std::vector<common::SoftwarePackage> packages;
    static constexpr std::array<const char*, 24> kParts = {
        "lib", "gtk",   "x",      "py",    "perl", "font", "gir",    "qt",
        "kde", "gnome", "ssl",    "core",  "util", "data", "common", "bin",
        "dev", "doc",   "plugin", "media", "net",  "sys",  "ui",     "io"};
    for (int i = 0; i < count; ++i) {
        std::string name = rng.pick(kParts);
        for (auto parts = rng.between(1, 3); parts > 0; --parts)
            name += std::string(rng.chance(0.5) ? "-" : "") + rng.pick(kParts);
        name += std::to_string(rng.between(0, 39)) + "-" + std::to_string(i);
        std::string version =
            std::to_string(rng.between(0, 11)) + "." + std::to_string(rng.between(0, 59)) + "." +
            std::to_string(rng.between(0, 29)) + "-" + std::to_string(rng.between(1, 9));
        if (rng.chance(0.33))
            version += (os == 0 ? "+deb12u" : "+deb11u") + std::to_string(rng.between(1, 5));
        packages.push_back({std::move(name), std::move(version), common::PackageSource::dpkg});
    }
    std::sort(packages.begin(), packages.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return packages;
}

/// The inventory of one laptop, without its packages (spliced in as text).
common::Inventory inventory_of(const Laptop& l, const std::string& uuid, bool worn) {
    const Model& m = *l.model;
    const Os& os = kOses[static_cast<std::size_t>(l.os)];
    common::Inventory inv;
    inv.os = {os.name, "debian", os.version, os.kernel};
    inv.hardware = {m.vendor, m.model, l.serial, uuid, m.bios, m.bios_date, "laptop"};
    inv.cpu = {m.cpu, m.cores, m.threads};
    inv.memory_total_bytes = m.memory;
    inv.disks = {{m.disk_name, m.disk_model, m.disk_bytes, false, false}};
    inv.filesystems = {{"/", "ext4", m.root_device, m.root_bytes},
                       {"/boot/efi", "vfat", m.efi_device, 535'805'952}};
    if (m.ethernet)
        inv.interfaces.push_back({"enp0s31f6", mac_for(0x8c1645, l.index, 0), "ethernet"});
    inv.interfaces.push_back({"wlp0s20f3", mac_for(0xa4c3f0, l.index, 1), "wifi"});
    const double health = worn ? 52 + static_cast<double>(l.index % 7) : 78 + l.index % 20;
    const auto full = static_cast<std::uint64_t>(m.battery_design_mwh * health / 100);
    inv.battery = common::BatteryInfo{
        m.battery_design_mwh, full,
        round_to(100.0 * static_cast<double>(full) / static_cast<double>(m.battery_design_mwh), 1),
        80 + l.index % 400};
    inv.agent_version = l.agent_version;
    return inv;
}

/// The packages of an image as the inventory JSON holds them: the text
/// between "software": and ,"agent_version".
std::string software_json_text(const std::vector<common::SoftwarePackage>& packages) {
    common::Inventory inv;
    inv.software = packages;
    const std::string text = json::serialize(common::to_json(inv));
    const auto from = text.find("\"software\":") + 11;
    const auto to = text.find(",\"agent_version\":");
    return text.substr(from, to - from);
}

/// serialize(to_json(inv)) with `software` spliced in for the empty package list.
std::string splice_software(const common::Inventory& inv_without_software,
                            const std::string& software, const std::string& empty_software) {
    std::string text = json::serialize(common::to_json(inv_without_software));
    const std::string key = "\"software\":" + empty_software;
    const auto at = text.find(key);
    text.replace(at + 11, empty_software.size(), software);
    return text;
}

// ---------------------------------------------------------------- the writer

/// What the database will take on disk, from the sizes of sample rows.
struct Estimate {
    std::int64_t reports = 0;
    double db_bytes = 0;
    double index_build_bytes = 0;  ///< temporary files of the largest CREATE INDEX
};

/// The prepared inserts of the bulk load.
struct Inserts {
    Statement report, run, daily, device, inventory, alert, change;
};

class Loader {
  public:
    Loader(const Options& options, Database& db)
        : o_(options),
          db_(db),
          now_(options.now.value_or(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count())),
          interval_(options.interval_min * 60),
          samples_per_device_(std::max<std::int64_t>(1, options.days * kDay / interval_)) {}

    int run();
    const std::map<std::string, std::int64_t>& rows() const { return rows_; }

  private:
    Status status_of(Rng& rng) const {
        const double u = rng.uniform();
        if (u < 0.85) return Status::online;
        if (u < 0.93) return Status::offline;
        if (u < 0.97) return Status::stale;
        return Status::missing;
    }
    void make_fleet();
    void write_people();
    void write_device(const Laptop& l, Inserts& ins);
    std::int64_t samples_of(const Laptop& l) const {
        const std::int64_t start =
            std::max(l.enrolled_at, l.last_seen - (samples_per_device_ - 1) * interval_);
        return std::min(samples_per_device_, (l.last_seen - start) / interval_ + 1);
    }
    void prepare_images();
    Estimate estimate() const;
    Statement prepare(const char* sql) {
        auto stmt = db_.prepare(sql);
        if (!stmt) throw std::runtime_error(common::describe(stmt.error()));
        return std::move(stmt).value();
    }
    static void run_stmt(Statement& stmt) {
        if (auto s = stmt.run(); !s) throw std::runtime_error(common::describe(s.error()));
    }
    void exec(const std::string& sql) {
        if (auto s = db_.exec(sql.c_str()); !s)
            throw std::runtime_error(sql + ": " + common::describe(s.error()));
    }
    void progress(bool force);
    void check_space();

    const Options& o_;
    Database& db_;
    const std::int64_t now_;
    const std::int64_t interval_;
    const std::int64_t samples_per_device_;

    std::vector<std::string> schools_;
    std::vector<Pupil> pupils_;
    std::vector<HandoverRow> handovers_;
    std::vector<Laptop> laptops_;
    std::vector<std::string> image_software_;  ///< per OS, as JSON text
    std::string update_changes_[2];  ///< an image update, as inventory_changes() records it
    std::string empty_software_;

    std::int64_t never_enrolled_ = 0;
    std::map<std::string, std::int64_t> rows_;
    std::int64_t reports_written_ = 0, reports_expected_ = 0;
    int next_percent_ = 5;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

void Loader::make_fleet() {
    const int school_year = year_of(now_ - 243 * kDay);  // September..August
    for (const char* kind : kSchoolKinds)
        for (const char* name : kSchoolNames)
            schools_.push_back(std::string(kind) + " " + name);
    // Schools of uneven size: weights 1..7.
    std::vector<double> weights;
    for (std::size_t i = 0; i < schools_.size(); ++i)
        weights.push_back(1.0 + static_cast<double>(i * 5 % 7));
    std::discrete_distribution<std::size_t> school_pick(weights.begin(), weights.end());

    never_enrolled_ = (o_.devices + 99) / 100;
    const std::int64_t total = o_.devices + never_enrolled_;
    std::int64_t pupil_counter = 0;
    bool first_online = true;
    const auto add_handover = [&](Laptop& l, Rng& rng, int cohort, const std::string& kind) {
        std::mt19937_64 engine(rng.bits());
        Pupil p;
        p.ref = fmt::format("E{:02}-{:06}", cohort % 100, ++pupil_counter);
        p.last_name = rng.pick(kLastNames);
        p.first_name = rng.pick(kFirstNames);
        p.school_id = static_cast<std::int64_t>(school_pick(engine)) + 1;
        static constexpr std::array<const char*, 5> kLevels = {"CE2", "CM1", "CM2", "6e", "5e"};
        const int level = std::clamp(school_year - cohort, 0, 4);
        p.class_name = fmt::format("{} {}", kLevels[static_cast<std::size_t>(level)],
                                   static_cast<char>('A' + rng.between(0, 2)));
        std::int64_t on = september_first(cohort) + rng.between(0, 20) * kDay;
        on = std::min(on, day_start(now_) - kDay);
        l.handed_on = civil_day(on);
        handovers_.push_back({l.serial, p.ref, l.handed_on, kind});
        pupils_.push_back(std::move(p));
        return on;
    };

    for (std::int64_t i = 0; i < total; ++i) {
        Rng rng(splitmix64(o_.seed * 0x100000001b3ULL + static_cast<std::uint64_t>(i)));
        Laptop l;
        l.index = i;
        l.device_id = rng.uuid();
        const bool enrolled = i < o_.devices;
        l.handed_over = !enrolled || rng.chance(0.95);
        const int cohort =
            enrolled ? school_year - static_cast<int>(rng.between(0, 4)) : school_year;
        // Older cohorts got the older models.
        static constexpr std::array<std::size_t, 2> kOlder = {0, 2};
        static constexpr std::array<std::size_t, 3> kNewer = {1, 3, 4};
        l.model = &kModels[cohort <= school_year - 3 ? rng.pick(kOlder) : rng.pick(kNewer)];
        l.serial = serial_for(i, *l.model, rng);
        l.os = cohort <= school_year - 3 && rng.chance(0.4) ? 1 : 0;
        const double v = rng.uniform();
        l.agent_version = v < 0.992 ? common::kVersion : v < 0.998 ? "0.0.9" : "0.0.8";
        l.status = status_of(rng);
        switch (l.status) {
            case Status::online:
                l.last_seen = first_online ? now_ : now_ - rng.between(0, 1799);
                first_online = false;
                break;
            case Status::offline:
                l.last_seen = now_ - rng.between(1900, 7 * kDay - 60);
                break;
            case Status::stale:
                l.last_seen = now_ - rng.between(7 * kDay + 60, 30 * kDay - 60);
                break;
            case Status::missing:
                l.last_seen = now_ - rng.between(30 * kDay + 60, 85 * kDay);
                break;
        }
        std::int64_t handed = now_ - rng.between(30, 900) * kDay;
        if (l.handed_over) {
            if (enrolled && rng.chance(0.01)) {
                // A laptop that went back and was handed to another pupil.
                add_handover(l, rng, cohort - 1, "initial");
                handed = add_handover(l, rng, cohort, "initial");
            } else {
                handed =
                    add_handover(l, rng, cohort, rng.chance(0.005) ? "replacement" : "initial");
            }
        }
        l.enrolled_at = std::min(handed + rng.between(3600, 3 * kDay), l.last_seen);
        l.disk_low = rng.chance(0.004);
        l.battery_worn = rng.chance(0.004);
        l.clock_skew = rng.chance(0.001);
        l.connectivity_failing = rng.chance(0.003);
        l.had_connectivity_failure = rng.chance(0.05);
        l.had_disk_low = !l.disk_low && rng.chance(0.01);
        l.inventory_changed = rng.chance(0.3);
        l.home_internet = rng.chance(0.7);
        l.reports_dropped = rng.chance(0.005) ? rng.between(1, 400) : 0;
        if (enrolled) laptops_.push_back(std::move(l));
    }
}

void Loader::write_people() {
    auto school = prepare("INSERT INTO schools (id, name) VALUES (?1, ?2)");
    for (std::size_t i = 0; i < schools_.size(); ++i) {
        school.bind(1, static_cast<std::int64_t>(i + 1)).bind(2, schools_[i]);
        run_stmt(school);
    }
    auto pupil = prepare(
        "INSERT INTO pupils (ref, last_name, first_name, school_id, class) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto& p : pupils_) {
        pupil.bind(1, p.ref).bind(2, p.last_name).bind(3, p.first_name).bind(4, p.school_id);
        pupil.bind(5, p.class_name);
        run_stmt(pupil);
    }
    auto handover = prepare(
        "INSERT INTO handovers (serial, pupil_ref, handed_on, kind) VALUES (?1, ?2, ?3, ?4)");
    for (const auto& h : handovers_) {
        handover.bind(1, h.serial).bind(2, h.pupil_ref).bind(3, h.handed_on).bind(4, h.kind);
        run_stmt(handover);
    }
    rows_["schools"] = static_cast<std::int64_t>(schools_.size());
    rows_["pupils"] = static_cast<std::int64_t>(pupils_.size());
    rows_["handovers"] = static_cast<std::int64_t>(handovers_.size());
}

/// A probe ladder run: passes, or fails at `code`'s step and skips the rest.
std::string ladder_steps(Rng& rng, const std::optional<std::string>& failing_code) {
    json::array steps;
    bool failed = false;
    for (const char letter : common::kProbeStepLetters) {
        common::ProbeStep s;
        s.step = std::string(1, letter);
        if (failed) {
            s.result = "skip";
            steps.push_back(common::to_json(s));
            continue;
        }
        s.result = "pass";
        if (failing_code && (*failing_code)[0] == letter) {
            s.result = "fail";
            s.code = *failing_code;
            failed = true;
        }
        switch (letter) {
            case 'L':
                s.duration_ms = round_to(0.2 + rng.uniform() * 0.3, 1);
                s.signal_pct = rng.between(35, 95);
                s.detail = "up: wlp0s20f3 (wifi)";
                break;
            case 'I':
                s.duration_ms = 0.2;
                s.detail = "default route via wlp0s20f3";
                break;
            case 'G':
            case 'D':
            case 'T':
            case 'S':
            case 'Q': {
                const double latency = round_to(2 + rng.uniform() * (letter == 'Q' ? 80 : 40), 1);
                s.latency_ms = latency;
                s.duration_ms = round_to(latency * 3 + rng.uniform() * 10, 1);
                s.attempted = letter == 'T' || letter == 'S' ? 2 : 3;
                s.succeeded = s.result == "fail" ? 0 : *s.attempted;
                if (letter == 'Q') s.detail = "fleet server parc.ville.example:8443";
                break;
            }
            default:  // H, P
                s.duration_ms = letter == 'H' ? round_to(30 + rng.uniform() * 60, 1) : 0.0;
                s.http_status = 204;
                break;
        }
        steps.push_back(common::to_json(s));
    }
    return json::serialize(steps);
}

struct DayAggregate {
    std::int64_t samples = 0, cpu_samples = 0;
    double cpu_sum = 0;
    std::uint64_t mem_min = UINT64_MAX, root_min = UINT64_MAX;
    double temp_max = -1e9, clock_max = 0;
    std::int64_t batt_min = 1000;
};

void Loader::write_device(const Laptop& l, Inserts& ins) {
    auto& [report, run, daily, device, inventory_stmt, alert, change] = ins;

    // The identity drawn again from the device's stream, then its samples from another one.
    Rng rng(splitmix64(o_.seed * 0x100000001b3ULL + static_cast<std::uint64_t>(l.index)) ^
            0x5eedULL);
    const std::string uuid = rng.uuid();
    const std::string& id = l.device_id;
    const Model& m = *l.model;
    const server::AlertThresholds thresholds;

    // Inventory: the image's packages; a change in the window for some devices.
    common::Inventory inv = inventory_of(l, uuid, l.battery_worn);
    const std::string inventory_json =
        splice_software(inv, image_software_[static_cast<std::size_t>(l.os)], empty_software_);
    const std::string inventory_hash = common::sha256_hex(inventory_json);
    const std::int64_t samples = samples_of(l);
    const std::int64_t first_at = l.last_seen - (samples - 1) * interval_;
    const std::int64_t inventory_at =
        l.inventory_changed ? first_at + rng.between(0, samples - 1) * interval_ : l.enrolled_at;

    // Health, sample by sample, with the day aggregates.
    const std::int64_t seq_base = rng.between(0, 20'000);
    const std::int64_t runs_every = o_.runs_every;
    const std::int64_t run_phase = rng.between(0, runs_every - 1);
    const double mem_share = 0.35 + rng.uniform() * 0.35;
    const std::uint64_t root_free_start =
        l.disk_low ? m.root_bytes * static_cast<std::uint64_t>(rng.between(5, 8)) / 100
                   : m.root_bytes * static_cast<std::uint64_t>(rng.between(30, 85)) / 100;
    const std::int64_t boot_phase = rng.between(0, 96 * 3 - 1);
    common::Health h;
    h.memory_total_bytes = m.memory;
    h.swap_total_bytes = 1'023'406'080;
    h.filesystems = {{"/", m.root_bytes, 0}, {"/boot/efi", 535'805'952, 529'551'360}};
    std::map<std::int64_t, DayAggregate> days;
    std::string health_json;
    std::int64_t boot_at = first_at - rng.between(0, 3 * kDay);
    std::int64_t last_outside = 0;
    std::vector<std::string> verdicts;  // newest last
    std::int64_t failing_since = 0;
    const std::int64_t runs_total = (samples + runs_every - 1 - run_phase) / runs_every;
    std::int64_t run_count = 0;
    for (std::int64_t k = 0; k < samples; ++k) {
        const std::int64_t at = first_at + k * interval_;
        const std::int64_t seq = seq_base + k + 1;
        const bool booted = (k + boot_phase) % (96 * 3) == 0;
        if (booted) boot_at = at - rng.between(30, 600);
        h.uptime_s = static_cast<std::uint64_t>(at - boot_at);
        h.boot_time = common::format_rfc3339(common::from_unix_seconds(boot_at));
        const double busy = rng.chance(0.05) ? 40 + rng.uniform() * 55 : rng.uniform() * 15;
        h.cpu_use_pct = booted ? std::nullopt : std::optional<double>(round_to(busy, 1));
        h.load_1m = round_to(busy / 25 + rng.uniform() * 0.3, 2);
        h.load_5m = round_to(busy / 30 + rng.uniform() * 0.2, 2);
        h.load_15m = round_to(busy / 35 + rng.uniform() * 0.1, 2);
        h.memory_available_bytes =
            static_cast<std::uint64_t>(static_cast<double>(m.memory) *
                                       std::clamp(mem_share + rng.normal(0, 0.05), 0.05, 0.95));
        h.swap_used_bytes =
            rng.chance(0.1) ? static_cast<std::uint64_t>(rng.between(1, 90)) << 20 : 0;
        h.filesystems[0].free_bytes =
            root_free_start -
            static_cast<std::uint64_t>(k) * 65'536 * static_cast<std::uint64_t>(1 + l.index % 5);
        h.battery_charge_pct = 100 - (k + boot_phase) % 40 * 2;
        h.battery_state = (k + boot_phase) % 40 < 30 ? "discharging" : "charging";
        h.temperature_max_c = round_to(38 + busy / 3 + rng.uniform() * 6, 1);
        const bool skewed = l.clock_skew && k >= samples - 192;
        h.clock_offset_s = skewed ? 412.0 + static_cast<double>(rng.between(0, 20))
                                  : round_to(rng.normal(0, 0.2), 3);
        if (k == samples - 1) health_json = json::serialize(common::to_json(h));  // the latest

        report.bind(1, id).bind(2, seq).bind(3, at - rng.between(0, 3)).bind(4, at);
        server::health_columns::bind(report, 5, h);
        run_stmt(report);
        ++reports_written_;

        auto& day = days[day_start(at)];
        ++day.samples;
        if (h.cpu_use_pct) {
            day.cpu_sum += *h.cpu_use_pct;
            ++day.cpu_samples;
        }
        day.mem_min = std::min(day.mem_min, *h.memory_available_bytes);
        day.root_min = std::min(day.root_min, *h.filesystems[0].free_bytes);
        day.temp_max = std::max(day.temp_max, *h.temperature_max_c);
        day.batt_min = std::min(day.batt_min, *h.battery_charge_pct);
        day.clock_max = std::max(day.clock_max, std::abs(*h.clock_offset_s));
        if (l.home_internet && (at % kDay) > 16 * 3600) last_outside = at;

        if ((k + run_phase) % runs_every == 0) {
            // The connectivity probe ladder, every --runs-every reports; failures now and then,
            // the last three at the same step on a device whose alert is open.
            ++run_count;
            std::optional<std::string> code;
            if (l.connectivity_failing && run_count > runs_total - 3) {
                code = "D2";
            } else if (l.had_connectivity_failure && run_count >= runs_total / 2 &&
                       run_count < runs_total / 2 + 3) {
                code = "G1";
            } else if (rng.chance(0.02)) {
                static constexpr std::array<const char*, 5> kCodes = {"L1", "I3", "D3", "T1", "P1"};
                code = rng.pick(kCodes);
            }
            const std::string verdict = code.value_or("OK");
            const std::string run_id = common::crockford_base32(rng.bits() & 0xfffff, 4);
            run.bind(1, id).bind(2, seq).bind(3, run_id);
            run.bind(4, common::format_support_code(
                            {verdict, static_cast<std::uint32_t>(device_number(l))}))
                .bind(5, verdict);
            run.bind(6, at - rng.between(5, 60)).bind(7, ladder_steps(rng, code));
            run_stmt(run);
            ++rows_["connectivity_runs"];
            verdicts.push_back(verdict);
            if (verdict == "G1" && verdicts.size() >= 3 && verdicts[verdicts.size() - 3] == "G1" &&
                verdicts[verdicts.size() - 2] == "G1") {
                failing_since = at;  // opened on the third, resolved on the next OK run
            } else if (failing_since && verdict == "OK" && l.had_connectivity_failure) {
                const std::vector<std::string> three(3, "G1");
                alert.bind(1, id).bind(2, "connectivity_failing").bind(3, failing_since);
                const auto finding = *server::connectivity_failing(three, thresholds);
                alert.bind(4, at).bind(5, finding.en).bind(6, finding.fr);
                run_stmt(alert);
                ++rows_["alerts (resolved)"];
                failing_since = 0;
            }
        }
    }

    for (const auto& [start, d] : days) {
        daily.bind(1, id).bind(2, civil_day(start)).bind(3, d.samples).bind(4, d.cpu_sum);
        daily.bind(5, d.cpu_samples).bind(6, static_cast<std::int64_t>(d.mem_min));
        daily.bind(7, static_cast<std::int64_t>(d.root_min)).bind(8, d.temp_max);
        daily.bind(9, d.batt_min).bind(10, d.clock_max);
        run_stmt(daily);
        ++rows_["health_daily"];
    }

    // Open alerts, as the rules would have opened them from these data.
    const auto open = [&](std::string_view rule, std::int64_t at,
                          const server::AlertFinding& finding) {
        alert.bind(1, id).bind(2, rule).bind(3, at).bind_null(4).bind(5, finding.en);
        alert.bind(6, finding.fr);
        run_stmt(alert);
        ++rows_["alerts (open)"];
    };
    if (auto f = server::agent_outdated(l.agent_version, thresholds))
        open("agent_outdated", first_at, *f);
    if (l.disk_low) open("disk_low", first_at, *server::disk_low(h, thresholds));
    if (l.battery_worn) open("battery_worn", inventory_at, *server::battery_worn(inv, thresholds));
    if (l.clock_skew) {
        open("clock_skew", first_at + (samples - 192) * interval_,
             *server::clock_skew(h, thresholds));
    }
    if (l.connectivity_failing && runs_total >= 3) {
        const std::vector<std::string> three(3, "D2");
        open("connectivity_failing", l.last_seen, *server::connectivity_failing(three, thresholds));
    }
    if (l.status == Status::missing && l.handed_over) {
        open("missing_handed_over", std::min(now_, l.last_seen + 30 * kDay + rng.between(60, 3600)),
             server::AlertFinding{
                 "pas vu depuis le " + french_day(civil_day(l.last_seen)) + ", remis le " +
                     french_day(l.handed_on),
                 "not seen since " + civil_day(l.last_seen) + ", handed over on " + l.handed_on});
    }
    if (l.had_disk_low) {
        const std::int64_t at = first_at + rng.between(0, samples - 1) * interval_;
        alert.bind(1, id).bind(2, "disk_low").bind(3, at).bind(4, at + rng.between(1, 48) * 3600);
        alert.bind(5, "1.8 GiB free on / (3 % of 59.6 GiB)");
        alert.bind(6, "1,8 Gio libres sur / (3 % de 59,6 Gio)");
        run_stmt(alert);
        ++rows_["alerts (resolved)"];
    }

    if (l.inventory_changed) {
        change.bind(1, id).bind(2, inventory_at).bind(3, update_changes_[l.os]);
        run_stmt(change);
        ++rows_["inventory_changes"];
    }

    std::string macs = "[";
    for (const auto& i : inv.interfaces)
        macs += (macs.size() > 1 ? ",\"" : "\"") + *i.mac + "\"";
    macs += "]";
    device.bind(1, id).bind(2, "uuid:" + uuid).bind(3, uuid).bind(4, l.serial);
    device.bind(5, rng.hex(32)).bind(6, "clic-" + common::ascii_lower(l.serial)).bind(7, macs);
    device.bind(8, common::sha256_hex(rng.hex(64))).bind(9, l.agent_version);
    device.bind(10, l.enrolled_at).bind(11, l.last_seen).bind(12, seq_base + samples);
    device.bind(13, l.reports_dropped).bind(14, inventory_hash);
    device.bind(15, health_json).bind(16, l.last_seen);
    device.bind(17, m.model).bind(18, kOses[static_cast<std::size_t>(l.os)].name);
    device.bind(19, kOses[static_cast<std::size_t>(l.os)].version);
    device.bind(21, device_number(l));
    if (last_outside) {
        device.bind(20, last_outside);
    } else {
        device.bind_null(20);
    }
    run_stmt(device);
    auto& stored = inventory_stmt;
    stored.bind(1, id).bind(2, inventory_json).bind(3, inventory_at);
    stored.bind(4, server::hardware_to_json(server::hardware_of(inv)));
    run_stmt(stored);
}

void Loader::prepare_images() {
    empty_software_ = software_json_text({});
    for (int os = 0; os < 2; ++os) {
        auto packages = image_packages(os, o_.packages, o_.seed);
        image_software_.push_back(software_json_text(packages));
        // The spliced text must be what the server would store: to_json, serialized.
        common::Inventory sample;
        sample.os.name = kOses[static_cast<std::size_t>(os)].name;
        sample.battery = common::BatteryInfo{45'000, 40'000, 88.9, 120};
        sample.agent_version = common::kVersion;
        const std::string spliced =
            splice_software(sample, image_software_.back(), empty_software_);
        sample.software = packages;
        if (spliced != json::serialize(common::to_json(sample)))
            throw std::logic_error("the spliced inventory JSON differs from to_json()");
        // An image update: a dozen packages get a new version.
        auto before = packages;
        for (std::size_t i = 0; i < before.size();
             i += std::max<std::size_t>(1, before.size() / 12))
            before[i].version += "~old";
        common::Inventory a, b;
        a.software = std::move(before);
        b.software = packages;
        update_changes_[os] = json::serialize(server::inventory_changes(a, b));
    }
}

Estimate Loader::estimate() const {
    // Sizes of typical rows, plus keys, record headers and B-tree slack.
    common::Health h;
    h.uptime_s = 123456;
    h.boot_time = "2026-11-29T07:31:02Z";
    h.load_1m = h.load_5m = h.load_15m = 0.42;
    h.cpu_use_pct = 7.5;
    h.memory_total_bytes = h.memory_available_bytes = 8'192'000'000;
    h.swap_total_bytes = 1'023'406'080;
    h.swap_used_bytes = 0;
    h.filesystems = {{"/", 245'107'195'904, 180'337'000'448},
                     {"/boot/efi", 535'805'952, 529'551'360}};
    h.battery_charge_pct = 81;
    h.battery_state = "discharging";
    h.temperature_max_c = 47.3;
    h.clock_offset_s = 0.004;
    const double health = static_cast<double>(json::serialize(common::to_json(h)).size());
    // A stored sample: its key and times, the typed values and the filesystems.
    const double sample =
        150 + static_cast<double>(server::health_columns::filesystems_json(h.filesystems).size());
    Rng rng(1);
    const double steps = static_cast<double>(ladder_steps(rng, std::nullopt).size());
    const double inventory = static_cast<double>(image_software_[0].size()) + 1500;
    Estimate e;
    for (const auto& l : laptops_)
        e.reports += samples_of(l);
    const double reports = static_cast<double>(e.reports);
    const double runs = reports / o_.runs_every;
    const double devices = static_cast<double>(laptops_.size());
    constexpr double kSlack = 1.12;
    const double received_index = 60;  // received_at, device_id, seq
    e.db_bytes = kSlack * (devices * (inventory + health + 900) + reports * sample +
                           runs * (steps + 130) + reports * received_index + runs * 3 * 60 +
                           devices * o_.days * 130 + static_cast<double>(handovers_.size()) * 250);
    e.index_build_bytes = kSlack * reports * received_index;
    return e;
}

void Loader::check_space() {
    const auto space = fs::space(fs::absolute(o_.db).parent_path());
    const double keep = o_.keep_free_gb * 1e9;
    if (static_cast<double>(space.available) < keep) {
        throw std::runtime_error(
            fmt::format("stopped: {} left on the disk, under the {} to keep free (--keep-free-gb)",
                        human_bytes(static_cast<double>(space.available)), human_bytes(keep)));
    }
}

void Loader::progress(bool force) {
    const std::int64_t total = std::max<std::int64_t>(reports_expected_, 1);
    const int percent = static_cast<int>(100 * reports_written_ / total);
    if (force ? next_percent_ > 100 : percent < next_percent_) return;
    while (next_percent_ <= percent)
        next_percent_ += 5;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::cout << fmt::format("{:3}%  {} / {} reports  {:.0f} s", percent,
                             group_digits(reports_written_), group_digits(reports_expected_),
                             elapsed)
              << std::endl;
    check_space();
}

int Loader::run() {
    make_fleet();
    prepare_images();
    const Estimate e = estimate();
    reports_expected_ = e.reports;
    const auto space = fs::space(fs::absolute(o_.db).parent_path());
    std::cout << fmt::format(
                     "fleet: {} devices (+{} handed over, never enrolled), {} schools, {} "
                     "handovers\n"
                     "samples: every {} min over {} days: {} reports, ~{} connectivity runs\n"
                     "estimated size: {} (+{} of temporary files while indexing); "
                     "{} available on the disk, {} kept free\n",
                     group_digits(static_cast<std::int64_t>(laptops_.size())),
                     group_digits(never_enrolled_), schools_.size(),
                     group_digits(static_cast<std::int64_t>(handovers_.size())), o_.interval_min,
                     o_.days, group_digits(e.reports), group_digits(e.reports / o_.runs_every),
                     human_bytes(e.db_bytes), human_bytes(e.index_build_bytes),
                     human_bytes(static_cast<double>(space.available)),
                     human_bytes(o_.keep_free_gb * 1e9))
              << std::flush;
    if (e.db_bytes + e.index_build_bytes + o_.keep_free_gb * 1e9 >
        static_cast<double>(space.available)) {
        throw std::runtime_error(fmt::format(
            "not enough disk: the database needs ~{} (+{} while indexing) and {} must stay "
            "free, but only {} is available. Use fewer --devices or --days.",
            human_bytes(e.db_bytes), human_bytes(e.index_build_bytes),
            human_bytes(o_.keep_free_gb * 1e9), human_bytes(static_cast<double>(space.available))));
    }

    // Bulk load: no journal, no fsync, no foreign key checks, a large cache; the
    // indexes of the big tables are built once at the end, from their own SQL.
    exec(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; "
        "PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-524288; PRAGMA temp_store=FILE");
    std::vector<std::string> deferred_indexes;
    {
        auto list = prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND "
            "tbl_name IN ('reports', 'connectivity_runs', 'health_daily')");
        std::vector<std::string> names;
        for (;;) {
            auto row = list.step();
            if (!row) throw std::runtime_error(common::describe(row.error()));
            if (!*row) break;
            names.push_back(list.column_text(0));
            deferred_indexes.push_back(list.column_text(1));
        }
        for (const auto& name : names)
            exec("DROP INDEX " + name);
    }

    exec("BEGIN");
    write_people();
    std::sort(laptops_.begin(), laptops_.end(),
              [](const Laptop& a, const Laptop& b) { return a.device_id < b.device_id; });
    Inserts ins{
        prepare(server::health_columns::insert_report_sql().c_str()),
        prepare("INSERT INTO connectivity_runs (device_id, seq, run_id, support_code, verdict, "
                "started_at, steps_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        prepare("INSERT INTO health_daily (device_id, day, samples, cpu_use_pct_sum, "
                "cpu_use_pct_samples, memory_available_min, root_free_bytes_min, "
                "temperature_max_c, battery_charge_min, clock_offset_max_s) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        prepare(R"sql(
            INSERT INTO devices (id, hardware_key, hardware_uuid, serial, machine_id, hostname,
                                 macs, token_hash, agent_version, enrolled_at, last_seen_at,
                                 last_seq, reports_dropped, inventory_hash, health_json, health_at,
                                 model, os_name, os_version, last_outside_report_at,
                                 device_number)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                    ?18, ?19, ?20, ?21))sql"),
        prepare("INSERT INTO device_inventory (device_id, inventory_json, inventory_at, "
                "hardware_baseline) VALUES (?1, ?2, ?3, ?4)"),
        prepare("INSERT INTO alerts (device_id, rule, opened_at, resolved_at, detail, detail_fr) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        prepare("INSERT INTO inventory_changes (device_id, at, changes) VALUES (?1, ?2, ?3)")};
    std::int64_t in_transaction = 0;
    for (const auto& l : laptops_) {
        write_device(l, ins);
        in_transaction += samples_of(l);
        if (in_transaction >= 2'000'000) {
            exec("COMMIT; BEGIN");
            in_transaction = 0;
        }
        progress(false);
    }
    {
        // The daily aggregation is up to date, as on a server that has been running.
        auto mark =
            prepare("INSERT INTO maintenance (name, value) VALUES ('aggregated_until', ?1)");
        mark.bind(1, now_);
        run_stmt(mark);
    }
    // So are the overview's daily figures, as the aggregation and ingest keep them.
    exec(
        "INSERT INTO fleet_daily (day, laptops, reports) "
        "SELECT day, count(*), sum(samples) FROM health_daily GROUP BY day");
    exec(
        "INSERT INTO connectivity_daily (day, step, runs) "
        "SELECT date(started_at, 'unixepoch'), "
        "CASE verdict WHEN 'OK' THEN 'OK' ELSE substr(verdict, 1, 1) END, count(*) "
        "FROM connectivity_runs GROUP BY 1, 2");
    exec("COMMIT");
    rows_["devices"] = static_cast<std::int64_t>(laptops_.size());
    rows_["reports"] = reports_written_;
    progress(true);

    for (const auto& sql : deferred_indexes) {
        const auto t = std::chrono::steady_clock::now();
        exec(sql);
        std::cout
            << fmt::format(
                   "  {} ({:.0f} s)", sql.substr(0, sql.find(" ON ")),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count())
            << std::endl;
    }
    // Back to what the server expects of the file: WAL; the other pragmas are per connection.
    exec("PRAGMA locking_mode=NORMAL; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON");
    return 0;
}

/// The database file and its companions.
std::uintmax_t database_bytes(const fs::path& db) {
    std::uintmax_t total = 0;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::error_code ec;
        const auto size = fs::file_size(db.string() + suffix, ec);
        if (!ec) total += size;
    }
    return total;
}

void remove_database(const fs::path& db) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::error_code ec;
        fs::remove(db.string() + suffix, ec);
    }
}

int generate(const Options& options) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        if (fs::exists(options.db.string() + suffix)) {
            std::cerr << "clicfleet-fleetgen: " << options.db.string() << suffix
                      << " exists; refusing to overwrite it\n";
            return 2;
        }
    }
    const auto started = std::chrono::steady_clock::now();
    try {
        {
            // The server's own schema: its migrations, run by opening the store once.
            auto store = server::SqliteFleetStore::open(options.db);
            if (!store) throw std::runtime_error(common::describe(store.error()));
        }
        auto db = Database::open(options.db, Database::Mode::read_write);
        if (!db) throw std::runtime_error(common::describe(db.error()));
        Loader loader(options, *db);
        loader.run();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::cout << "rows:\n";
        for (const auto& [table, n] : loader.rows())
            std::cout << fmt::format("  {:<20} {:>15}\n", table, group_digits(n));
        std::cout << fmt::format("seconds: {:.1f}\n", seconds);
    } catch (const std::exception& e) {
        std::cerr << "clicfleet-fleetgen: " << e.what() << "\n";
        remove_database(options.db);
        std::cerr << "clicfleet-fleetgen: removed the partial database " << options.db.string()
                  << "\n";
        return 1;
    }
    const auto bytes = database_bytes(options.db);
    std::cout << fmt::format("database: {} bytes ({})\n",
                             group_digits(static_cast<std::int64_t>(bytes)),
                             human_bytes(static_cast<double>(bytes)));
    return 0;
}

}  // namespace
}  // namespace clicfleet::bench

int main(int argc, char** argv) {
    clicfleet::bench::Options options;
    std::string db;
    std::int64_t now = 0;
    CLI::App app{
        "clicfleet-fleetgen: writes a fleet database at scale for clicfleet-dbbench "
        "(docs/performance.md)"};
    app.add_option("--db", db, "the database file to create (never overwritten)")->required();
    app.add_option("--devices", options.devices, "enrolled devices")
        ->required()
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
    app.add_option("--days", options.days,
                   "days of health samples per device (0: the latest report only)")
        ->check(CLI::Range(0, 90));
    app.add_option("--runs-every", options.runs_every,
                   "a connectivity probe ladder run every this many reports")
        ->check(CLI::Range(1, 10'000));
    app.add_option("--interval-min", options.interval_min, "minutes between two reports")
        ->check(CLI::Range(1, 1440));
    app.add_option("--seed", options.seed, "random seed");
    app.add_option("--packages", options.packages, "packages in each device's inventory")
        ->check(CLI::Range(0, 20000));
    auto* now_option = app.add_option("--now", now, "generation time, Unix seconds (default: now)");
    app.add_option("--keep-free-gb", options.keep_free_gb,
                   "refuse to start, or stop, when less than this would stay free on the disk")
        ->check(CLI::Range(0.0, 10000.0));
    CLI11_PARSE(app, argc, argv);
    options.db = db;
    if (*now_option) options.now = now;
    return clicfleet::bench::generate(options);
}
