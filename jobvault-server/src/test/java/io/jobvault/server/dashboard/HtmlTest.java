package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesEverythingThatCouldOpenATagOrCloseAnAttribute() {
        assertThat(Html.esc("<a href=\"x\" onclick='y'>&amp;</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
        assertThat(Html.esc("plain text")).isEqualTo("plain text");
        assertThat(Html.esc(null)).isEmpty();
    }
}
