// Tests of the stream sequencer's watermark.

#include "streams/sequencer.h"

#include <gtest/gtest.h>

namespace magneto::streams {
namespace {

TEST(StreamSequencerTest, WatermarkWaitsForTheOldestInFlight) {
  StreamSequencer s;
  s.Recover(10);
  EXPECT_EQ(s.Watermark(), 10u);
  uint64_t a = s.Allocate(), b = s.Allocate();
  EXPECT_EQ(a, 11u);
  EXPECT_EQ(b, 12u);
  EXPECT_EQ(s.Watermark(), 10u);
  s.Finish(b);  // b commits first: still not visible, a may commit later
  EXPECT_EQ(s.Watermark(), 10u);
  s.Finish(a);
  EXPECT_EQ(s.Watermark(), 12u);
}

TEST(StreamSequencerTest, RecoverNeverGoesBack) {
  StreamSequencer s;
  s.Recover(100);
  s.Recover(5);
  EXPECT_EQ(s.Allocate(), 101u);
}

}  // namespace
}  // namespace magneto::streams
