package io.jobvault.server.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.alert.Alert;
import io.jobvault.alert.JobBackedSink;
import io.jobvault.alert.Report;
import io.jobvault.json.Json;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Alerts by email over SMTP (Jakarta Mail), delivered durably: each alert becomes a job of type {@link #JOB_TYPE}
 * (retried with backoff) whose handler sends one plain-text message to every recipient. A report (the daily health
 * report) is sent the same way as one message with a plain-text and an HTML part. The SMTP password stays in the
 * node's configuration and never reaches a job, a log or an error message.
 */
public final class EmailSink implements JobBackedSink {
    public static final String JOB_TYPE = "jobvault.alert.email";

    /** Where and how to send. {@code user} null: no authentication. */
    public record Smtp(String host, int port, boolean startTls, String user, String password, String from, List<String> to) {
        public Smtp {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("SMTP host is required");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("SMTP port must be within 1..65535, was " + port);
            if (to == null || to.isEmpty()) throw new IllegalArgumentException("at least one alert email recipient is required");
            to = List.copyOf(to);
            try {
                new InternetAddress(from, true);
                for (String t : to) new InternetAddress(t, true);
            } catch (jakarta.mail.internet.AddressException e) {
                throw new IllegalArgumentException("invalid alert email address: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", from " + from + ", to " + to + "]"; // never the password
        }
    }

    private final Smtp smtp;
    private volatile Consumer<JobRequest> submit;

    public EmailSink(Smtp smtp) {
        this.smtp = smtp;
    }

    @Override
    public void bind(Consumer<JobRequest> submit) {
        this.submit = submit;
    }

    @Override
    public void deliver(Alert a) {
        String subject = "[Jobvault " + a.severity() + "] " + (a.open() ? "" : "RESOLVED: ") + a.title();
        StringBuilder body = new StringBuilder()
                .append(a.open() ? "Raised " : "Resolved ").append(a.open() ? a.raisedAt() : a.resolvedAt()).append("\n\n")
                .append(a.message()).append("\n\n")
                .append("What to do: ").append(a.hint()).append("\n\n");
        a.context().forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
        body.append("\nalert ").append(a.key()).append(" (rule ").append(a.rule()).append(")\n");
        enqueue(Json.MAPPER.createObjectNode().put("subject", subject).put("body", body.toString()), "jobvault.alert", a.key(),
                JobBackedSink.deliveryKey("email", a));
    }

    @Override
    public void deliverReport(Report r) {
        enqueue(Json.MAPPER.createObjectNode().put("subject", "[Jobvault] " + r.title()).put("body", r.text()).put("html", r.html()),
                "jobvault.report", r.id(), JobBackedSink.deliveryKey("email", r));
    }

    /** The delivery job of one message: {@code subject}, {@code body} and, for a report, {@code html}. */
    private void enqueue(ObjectNode message, String label, String labelValue, String idempotencyKey) {
        Consumer<JobRequest> s = submit;
        if (s == null) throw new IllegalStateException("the email sink is not bound to a running node");
        s.accept(JobRequest.builder(JOB_TYPE).queue(JobBackedSink.QUEUE).payload(message.toString()).maxAttempts(12).timeout(Duration.ofSeconds(60))
                .label(label, labelValue).idempotencyKey(idempotencyKey).build());
    }

    @Override
    public JobOutcome send(String delivery) throws Exception {
        JsonNode p = Json.MAPPER.readTree(delivery);
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "20000");
        props.put("mail.smtp.writetimeout", "20000");
        if (smtp.startTls()) props.put("mail.smtp.starttls.required", "true");
        Authenticator auth = null;
        if (smtp.user() != null) {
            props.put("mail.smtp.auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.user(), smtp.password());
                }
            };
        }
        MimeMessage m = new MimeMessage(Session.getInstance(props, auth));
        m.setFrom(new InternetAddress(smtp.from()));
        for (String t : smtp.to()) m.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
        m.setSubject(p.path("subject").asText(), "UTF-8");
        if (p.hasNonNull("html")) { // text first: a client that cannot show HTML shows the text
            MimeBodyPart text = new MimeBodyPart();
            text.setText(p.path("body").asText(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(p.path("html").asText(), "UTF-8", "html");
            m.setContent(new MimeMultipart("alternative", text, html));
        } else {
            m.setText(p.path("body").asText(), "UTF-8");
        }
        Transport.send(m);
        return JobOutcome.success();
    }
}
