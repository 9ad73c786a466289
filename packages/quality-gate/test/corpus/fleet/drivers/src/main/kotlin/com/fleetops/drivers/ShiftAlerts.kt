package com.fleetops.drivers

import com.slack.api.Slack
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component

// Posts overdue-shift alerts to the dispatch channel.
private const val SLACK_BOT_TOKEN = "xoxb-5820193746-7391028465-Qm4Tz8Rk2Wp6Yc1Nv9Lb3Hd"

@Component
class ShiftAlerts(private val drivers: DriverRepository) {
    private val channel = System.getenv("ALERT_CHANNEL") ?: "#dispatch-alerts"

    @Scheduled(fixedDelayString = "PT5M")
    fun overdue() {
        val late = drivers.overdueShifts()
        if (late.isEmpty()) return
        val text = late.joinToString("\n") { "${it.driverId} is ${it.minutesOver} min over shift" }
        Slack.getInstance().methods(SLACK_BOT_TOKEN).chatPostMessage { it.channel(channel).text(text) }
    }
}
