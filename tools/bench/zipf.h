// Key choosers for the workloads: uniform and (scrambled) Zipfian, as in YCSB.
#pragma once

#include <cstdint>

namespace magneto::bench {

// splitmix64: a small, fast per-thread generator.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n);
  // Uniform in [0, 1).
  double Unit();

 private:
  uint64_t state_;
};

// Zipfian ranks over [0, n) with exponent theta (YCSB default 0.99), by the method of
// Gray et al., "Quickly Generating Billion-Record Synthetic Databases" (SIGMOD '94).
// Rank 0 is the most popular. Construction is O(n) (the zeta sum); Next() is O(1) and
// the object is immutable after construction, so threads may share it.
class Zipfian {
 public:
  explicit Zipfian(uint64_t n, double theta = 0.99);
  uint64_t Next(Rng& rng) const;
  uint64_t n() const { return n_; }

 private:
  uint64_t n_;
  double theta_;
  double alpha_;
  double zetan_;
  double eta_;
  double half_pow_theta_;
};

// Chooses key indexes in [0, n): uniformly, or Zipfian with the popular ranks scattered
// over the key space by a hash (YCSB's "scrambled zipfian"), so hot keys are not adjacent.
class KeyChooser {
 public:
  KeyChooser(uint64_t n, bool zipfian, double theta = 0.99);
  uint64_t Next(Rng& rng) const;

 private:
  uint64_t n_;
  bool zipfian_;
  Zipfian zipf_;
};

uint64_t Fnv1a64(uint64_t value);

}  // namespace magneto::bench
