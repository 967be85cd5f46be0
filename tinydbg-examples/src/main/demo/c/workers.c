/* A threaded demo: 4 workers each call step(t, i) 3 times; main recurses through depth(3). */
#include <pthread.h>
#include <stdio.h>

__attribute__((noinline)) long step(long t, long i) { return t * 100 + i; }

__attribute__((noinline)) int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }

static void *worker(void *arg)
{
    long t = (long) arg, s = 0;
    for (long i = 0; i < 3; i++)
        s += step(t, i);
    return (void *) s;
}

int main(void)
{
    pthread_t th[4];
    long total = depth(3);
    for (long t = 0; t < 4; t++)
        pthread_create(&th[t], NULL, worker, (void *) t);
    for (int t = 0; t < 4; t++) {
        void *r;
        pthread_join(th[t], &r);
        total += (long) r;
    }
    printf("workers total %ld\n", total);
    return 0;
}
