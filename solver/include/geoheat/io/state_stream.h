#pragma once
/**
 * @file state_stream.h
 * A byte string of plain values for checkpoints: StateWriter appends,
 * StateReader reads them back in the same order, checking every read
 * against the end (a state that does not match the model it is read into
 * gives an error, never a read past the end). Native byte order: a
 * checkpoint is read on the kind of machine that wrote it.
 */
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace geoheat
{
  class StateWriter
  {
  public:
    template <typename T>
    void put(const T &value)
    {
      static_assert(std::is_trivially_copyable_v<T>);
      bytes.append(reinterpret_cast<const char *>(&value), sizeof(T));
    }
    /// The values only (the reader must know how many).
    void put_values(const std::vector<double> &v)
    {
      bytes.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(double));
    }
    /// Size, then values.
    void put_vector(const std::vector<double> &v)
    {
      put<std::uint64_t>(v.size());
      put_values(v);
    }
    const std::string &str() const
    {
      return bytes;
    }

  private:
    std::string bytes;
  };

  class StateReader
  {
  public:
    explicit StateReader(const std::string &bytes_in)
      : bytes(bytes_in)
    {}
    template <typename T>
    T get()
    {
      static_assert(std::is_trivially_copyable_v<T>);
      T value;
      std::memcpy(&value, take(sizeof(T)), sizeof(T));
      return value;
    }
    double *get_values(std::vector<double> &v, const std::size_t n)
    {
      v.resize(n);
      std::memcpy(v.data(), take(n * sizeof(double)), n * sizeof(double));
      return v.data();
    }
    std::vector<double> get_vector()
    {
      std::vector<double> v;
      const auto          n = get<std::uint64_t>();
      if (n > remaining() / sizeof(double))
        throw std::runtime_error("checkpoint state ends early");
      get_values(v, n);
      return v;
    }
    std::size_t remaining() const
    {
      return bytes.size() - position;
    }

  private:
    const char *take(const std::size_t n)
    {
      if (n > remaining())
        throw std::runtime_error("checkpoint state ends early");
      const char *p = bytes.data() + position;
      position += n;
      return p;
    }
    const std::string &bytes;
    std::size_t        position = 0;
  };
} // namespace geoheat
