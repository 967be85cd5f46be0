package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The matching rules of Go frames on their own (the engine and the uprobe dispatcher run them on real programs in
 * TracerGoTest): a return pairs with the call at its depth, deeper pending calls are abandoned, and the calls of a
 * goroutine whose g runs another goroutine are over.
 */
class GoFramesTest {
    private static final long G = 0xc000001000L;
    private final List<String> dropped = new ArrayList<>();

    private ReturnHandler named(String name) {
        return new ReturnHandler() {
            @Override
            public void onReturn(ReturnHit hit) {
            }

            @Override
            public void onUnwound() {
                dropped.add(name);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private GoFrames.Frame frame(String name, long offset) {
        return new GoFrames.Frame(0x401000, offset, named(name), 0);
    }

    @Test
    void aReturnPairsWithTheCallAtItsDepthAndAbandonsDeeperOnes() {
        GoFrames frames = new GoFrames();
        frames.push(7, G, frame("outer", 100), ReturnHandler::onUnwound);
        frames.push(7, G, frame("inner", 300), ReturnHandler::onUnwound);
        GoFrames.Frame f = frames.returnAt(7, 100, ReturnHandler::onUnwound);
        assertThat(f.handler()).hasToString("outer");
        assertThat(dropped).containsExactly("inner");
        assertThat(frames.isEmpty()).isTrue();
    }

    @Test
    void aGoroutineWhoseGRunsAnotherHasEnded() {
        GoFrames frames = new GoFrames();
        frames.push(7, G, frame("exited", 100), ReturnHandler::onUnwound); // then runtime.Goexit
        frames.push(8, G + 0x1000, frame("other g", 100), ReturnHandler::onUnwound);
        assertThat(dropped).isEmpty();
        frames.push(9, G, frame("next on the same g", 100), ReturnHandler::onUnwound);
        assertThat(dropped).containsExactly("exited");
        assertThat(frames.returnAt(9, 100, ReturnHandler::onUnwound).handler()).hasToString("next on the same g");
        assertThat(frames.returnAt(8, 100, ReturnHandler::onUnwound).handler()).hasToString("other g");
        assertThat(frames.returnAt(7, 100, ReturnHandler::onUnwound)).isNull();
        assertThat(frames.isEmpty()).isTrue();
    }

    @Test
    void theSameGoroutineAgainAndSystemStacksAreNotEnded() {
        GoFrames frames = new GoFrames();
        frames.push(7, G, frame("outer", 100), ReturnHandler::onUnwound);
        frames.push(7, G, frame("inner", 300), ReturnHandler::onUnwound);
        frames.push(0, G + 0x2000, frame("g0 of one thread", 50), ReturnHandler::onUnwound);
        frames.push(0, G + 0x3000, frame("g0 of another", 50), ReturnHandler::onUnwound);
        assertThat(dropped).isEmpty();
        // a goroutine returned completely frees its g for the next one without dropping anything
        frames.returnAt(7, 300, ReturnHandler::onUnwound);
        frames.returnAt(7, 100, ReturnHandler::onUnwound);
        frames.push(9, G, frame("next", 100), ReturnHandler::onUnwound);
        assertThat(dropped).isEmpty();
    }
}
