// WriteStoredItem: an ItemVisitor that writes DynamoDB JSON and adds up the
// item's size as it goes.

#include "api/stored_item_json.h"

#include <vector>

#include "common/base64.h"
#include "model/value.h"
#include "storage/item_codec.h"

namespace magneto::api {

namespace {

class JsonItemVisitor final : public storage::ItemVisitor {
 public:
  explicit JsonItemVisitor(json::Writer& w) : w_(w) {}
  size_t size() const { return size_; }

  // Sizes: a top-level attribute counts its name; a map entry one byte more,
  // a list element one byte; maps and lists three bytes of their own.
  void Name(std::string_view name) override {
    size_ += name.size() + (stack_.back() == Container::kMap ? 1 : 0);
    w_.Key(name);
  }
  void String(std::string_view s) override {
    size_ += s.size();
    Open("S");
    w_.String(s);
    Close();
  }
  void Binary(std::string_view b) override {
    size_ += b.size();
    Open("B");
    w_.String(Base64Encode(b));
    Close();
  }
  void Number(const model::Number& n) override {
    size_ += model::NumberSize(n);
    Open("N");
    w_.String(n.ToString());
    Close();
  }
  void Bool(bool b) override {
    size_ += 1;
    Open("BOOL");
    w_.Bool(b);
    Close();
  }
  void Null() override {
    size_ += 1;
    Open("NULL");
    w_.Bool(true);
    Close();
  }
  void BeginMap() override {
    if (stack_.empty()) {  // the item itself
      stack_.push_back(Container::kTop);
      w_.StartObject();
      return;
    }
    size_ += 3;
    Open("M");
    stack_.push_back(Container::kMap);
    w_.StartObject();
  }
  void EndMap() override {
    w_.EndObject();
    bool top = stack_.back() == Container::kTop;
    stack_.pop_back();
    if (!top) Close();
  }
  void BeginList() override {
    size_ += 3;
    Open("L");
    stack_.push_back(Container::kList);
    w_.StartArray();
  }
  void EndList() override {
    w_.EndArray();
    stack_.pop_back();
    Close();
  }
  void BeginSet(model::Type type) override {
    Open(model::TypeName(type));
    stack_.push_back(Container::kSet);
    w_.StartArray();
  }
  void EndSet() override {
    w_.EndArray();
    stack_.pop_back();
    Close();
  }

 private:
  enum class Container { kTop, kMap, kList, kSet };

  // A value's {"T": ...} wrapper; set elements are bare.
  void Open(std::string_view type) {
    if (stack_.back() == Container::kSet) return;
    if (stack_.back() == Container::kList) size_ += 1;
    w_.StartObject();
    w_.Key(type);
  }
  void Close() {
    if (stack_.back() != Container::kSet) w_.EndObject();
  }

  json::Writer& w_;
  std::vector<Container> stack_;
  size_t size_ = 0;
};

}  // namespace

bool WriteStoredItem(json::Writer& w, std::string_view stored, size_t* item_size) {
  JsonItemVisitor visitor(w);
  if (!storage::VisitItem(stored, &visitor)) return false;
  *item_size = visitor.size();
  return true;
}

}  // namespace magneto::api
