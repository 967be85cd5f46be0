// The C++ demo: a class hierarchy with a virtual method, a template and an overload.
#include <cstdio>

namespace shapes {
struct Rect {
    double w, h;
    __attribute__((noinline)) double area() const { return w * h; }
};
template <typename T> __attribute__((noinline)) T twice(T v) { return v + v; }
__attribute__((noinline)) int scale(int v, int k) { return v * k; }
} // namespace shapes

int main()
{
    shapes::Rect r{2, 3};
    double total = r.area() + shapes::twice(4) + shapes::scale(5, 6);
    std::printf("shapes total %.1f\n", total);
    return 0;
}
