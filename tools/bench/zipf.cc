// Uniform and Zipfian key choice (YCSB's ZipfianGenerator and ScrambledZipfianGenerator).

#include "zipf.h"

#include <cmath>

namespace magneto::bench {

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rng::Below(uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
}

double Rng::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

Zipfian::Zipfian(uint64_t n, double theta) : n_(n < 1 ? 1 : n), theta_(theta) {
  double zeta2 = 1.0 + std::pow(0.5, theta_);
  zetan_ = 0;
  for (uint64_t i = 1; i <= n_; ++i) zetan_ += 1.0 / std::pow(static_cast<double>(i), theta_);
  alpha_ = 1.0 / (1.0 - theta_);
  eta_ = (1.0 - std::pow(2.0 / static_cast<double>(n_), 1.0 - theta_)) / (1.0 - zeta2 / zetan_);
  half_pow_theta_ = std::pow(0.5, theta_);
}

uint64_t Zipfian::Next(Rng& rng) const {
  double u = rng.Unit();
  double uz = u * zetan_;
  if (uz < 1.0) return 0;
  if (uz < 1.0 + half_pow_theta_) return n_ > 1 ? 1 : 0;
  auto rank =
      static_cast<uint64_t>(static_cast<double>(n_) * std::pow(eta_ * u - eta_ + 1.0, alpha_));
  return rank < n_ ? rank : n_ - 1;
}

uint64_t Fnv1a64(uint64_t value) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (int i = 0; i < 8; ++i) {
    hash ^= value & 0xff;
    hash *= 0x100000001b3ULL;
    value >>= 8;
  }
  return hash;
}

KeyChooser::KeyChooser(uint64_t n, bool zipfian, double theta)
    : n_(n < 1 ? 1 : n), zipfian_(zipfian), zipf_(zipfian ? n_ : 1, theta) {}

uint64_t KeyChooser::Next(Rng& rng) const {
  if (!zipfian_) return rng.Below(n_);
  return Fnv1a64(zipf_.Next(rng)) % n_;
}

}  // namespace magneto::bench
