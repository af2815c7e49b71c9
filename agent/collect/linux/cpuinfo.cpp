#include "agent/collect/linux/cpuinfo.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

/// What the blocks say about the topology, gathered in one pass.
struct Topology {
    std::int64_t processors = 0;
    std::int64_t processors_with_ids = 0;  ///< blocks that name both physical id and core id
    std::set<std::pair<std::uint64_t, std::uint64_t>> cores;  ///< (physical id, core id)
    std::set<std::uint64_t> packages;                         ///< physical ids
    std::optional<std::uint64_t> cores_per_package;           ///< "cpu cores"
    std::optional<std::uint64_t> siblings;                    ///< threads per package
    std::optional<std::string> model_name;                    ///< "model name" (x86, recent ARM)
    std::optional<std::string> processor;  ///< "Processor" (ARM kernels before 3.8)
    std::optional<std::string> cpu;        ///< "cpu" (POWER)
};

struct Block {
    std::optional<std::uint64_t> physical_id;
    std::optional<std::uint64_t> core_id;
};

void end_block(Topology& topology, Block& block) {
    if (block.physical_id && block.core_id) {
        ++topology.processors_with_ids;
        topology.cores.emplace(*block.physical_id, *block.core_id);
    }
    block = Block{};
}

void read_field(Topology& topology, Block& block, std::string_view key, std::string_view value) {
    if (key == "processor") {
        end_block(topology, block);
        ++topology.processors;
    } else if (key == "model name" && !topology.model_name && !value.empty()) {
        topology.model_name = std::string(value);
    } else if (key == "Processor" && !topology.processor && !value.empty()) {
        topology.processor = std::string(value);
    } else if (key == "cpu" && !topology.cpu && !value.empty()) {
        topology.cpu = std::string(value);
    } else if (key == "siblings" && !topology.siblings) {
        topology.siblings = parse_u64(value);
    } else if (key == "physical id") {
        block.physical_id = parse_u64(value);
        if (block.physical_id) topology.packages.insert(*block.physical_id);
    } else if (key == "core id") {
        block.core_id = parse_u64(value);
    } else if (key == "cpu cores" && !topology.cores_per_package) {
        topology.cores_per_package = parse_u64(value);
    }
}

std::optional<std::int64_t> physical_cores(const Topology& topology) {
    const bool sane_cores = topology.cores_per_package && *topology.cores_per_package > 0 &&
                            *topology.cores_per_package <= 4096;
    // No SMT (as many threads as cores in a package): each package has "cpu
    // cores" cores, even where core ids restart on each die of a package
    // (AMD Magny-Cours) and (package, core) pairs would count half of them.
    if (sane_cores && topology.siblings == topology.cores_per_package &&
        !topology.packages.empty()) {
        return static_cast<std::int64_t>(*topology.cores_per_package * topology.packages.size());
    }
    // Every processor named its core: count distinct (package, core) pairs.
    if (topology.processors > 0 && topology.processors_with_ids == topology.processors) {
        return static_cast<std::int64_t>(topology.cores.size());
    }
    if (sane_cores) {
        const auto packages = topology.packages.empty() ? 1 : topology.packages.size();
        return static_cast<std::int64_t>(*topology.cores_per_package * packages);
    }
    if (topology.processors > 0) return topology.processors;
    return std::nullopt;
}

}  // namespace

common::CpuInfo parse_cpuinfo(std::string_view text) {
    Topology topology;
    Block block;
    for (const auto line : split_lines(text)) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        read_field(topology, block, trim_space(line.substr(0, colon)),
                   trim_space(line.substr(colon + 1)));
    }
    end_block(topology, block);

    common::CpuInfo cpu;
    cpu.model = topology.model_name  ? topology.model_name
                : topology.processor ? topology.processor
                                     : topology.cpu;
    cpu.cores = physical_cores(topology);
    if (topology.processors > 0) cpu.threads = topology.processors;
    return cpu;
}

}  // namespace clicfleet::agent::linux_collect
