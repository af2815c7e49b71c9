#include "common/util/log.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace clicfleet::common {

Status init_logging(const LogOptions& options) {
    const auto level = spdlog::level::from_str(options.level);
    if (level == spdlog::level::off && options.level != "off") {
        return make_error(Errc::invalid,
                          "unknown log level '" + options.level +
                              "' (use trace, debug, info, warn, error or off)",
                          "log_level");
    }
    std::shared_ptr<spdlog::logger> logger;
    if (options.file) {
        try {
            auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                options.file->string(), options.max_file_bytes, options.max_files);
            logger = std::make_shared<spdlog::logger>("clicfleet", std::move(sink));
        } catch (const spdlog::spdlog_ex& e) {  // spdlog reports an unwritable file this way
            return make_error(Errc::io, e.what(), "log_file");
        }
    } else {
        logger = std::make_shared<spdlog::logger>(
            "clicfleet", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    }
    logger->set_level(level);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
    // Few lines, each worth having on disk at once (a crash must not eat the last ones).
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
    return {};
}

}  // namespace clicfleet::common
