package io.jobvault.examples.reports;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Orders monthly PDF reports: the order is a row, the rendering a Jobvault job, both in one transaction. */
@SpringBootApplication
public class ReportsApplication {
    public static void main(String[] args) {
        SpringApplication.run(ReportsApplication.class, args);
    }
}
