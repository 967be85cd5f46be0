/* The bundled demo target: a little arithmetic, a recursion and a string, so a first trace shows arguments,
 * results and nesting. */
#include <stdio.h>
#include <string.h>

struct point {
    int x;
    int y;
};

__attribute__((noinline)) int add_ints(int a, int b) { return a + b; }

__attribute__((noinline)) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) size_t greet(const char *name) { return strlen(name); }

__attribute__((noinline)) int manhattan(struct point p) { return (p.x < 0 ? -p.x : p.x) + (p.y < 0 ? -p.y : p.y); }

int main(void)
{
    int total = 0;
    for (int i = 0; i < 3; i++)
        total += add_ints(i, 10 * i);
    total += fib(5);
    total += (int) greet("tinydbg");
    struct point p = {3, -4};
    total += manhattan(p);
    printf("demo total %d\n", total);
    return 0;
}
